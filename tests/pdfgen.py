"""Make small real PDFs for the self-contained tests (fpdf2). Never a corpus copy.

``paper_pdf`` lays out a paper the way conference papers look: a large title, an author line, an
abstract, numbered section headings and body paragraphs, in one or two columns, with a running
header and page numbers so the normaliser has something to remove.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from fpdf import FPDF

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
DEJAVU_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf")


@dataclass
class Spec:
    title: str = "Deep Interest Networks for Click Prediction"
    authors: list[str] = field(default_factory=lambda: ["Ada Lovelace", "Alan Turing"])
    year: int = 2019
    abstract: str = (
        "We propose a deep network for click-through rate prediction. "
        "It improves AUC by 2.3% over the production baseline."
    )
    #: (heading, paragraphs); heading text is printed as given (include numbers yourself).
    #: A paragraph starting with "**" is printed as one bold line in the heading font, one
    #: starting with "||" as a table ("||a|b\nc|d": rows by line, cells by "|"), one starting
    #: with "~~" as a caption in smaller type (single-column layout only).
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    two_column: bool = False
    running_header: str | None = "Proceedings of the Test Conference 2019"
    page_numbers: bool = True
    #: Put title/author/year into the PDF info dictionary too.
    info: bool = True
    #: Use a Unicode TrueType font (needed for ligature characters such as "ﬁ").
    unicode_font: bool = False


def default_sections() -> list[tuple[str, list[str]]]:
    return [
        (
            "1 Introduction",
            [
                "Click-through rate prediction is central to online advertising. "
                "In this paper we study user behaviour sequences."
            ],
        ),
        (
            "2 Model Architecture",
            [
                "The model consists of an embedding layer followed by three fully connected "
                "layers with ReLU activations. Each sparse categorical feature is mapped to a "
                "32-dimensional embedding vector."
            ],
        ),
        (
            "3 Experiments",
            [
                "We train on 500 million impression logs collected over 30 days from the "
                "production system. Each example contains user id, ad id, and context features.",
                "Our model improves offline AUC by 2.3% and online CTR by 3.1% in an A/B test.",
            ],
        ),
        ("4 Conclusion", ["Deep interest networks improve click prediction."]),
    ]


class _Doc(FPDF):
    spec: Spec

    def header(self) -> None:
        if self.spec.running_header and self.page_no() > 1:
            self.set_font(self._family, size=8)
            self.cell(0, 6, self.spec.running_header, align="C")
            self.ln(8)

    def footer(self) -> None:
        if self.spec.page_numbers:
            self.set_y(-12)
            self.set_font(self._family, size=8)
            self.cell(0, 6, str(self.page_no()), align="C")

    @property
    def _family(self) -> str:
        return "DejaVu" if self.spec.unicode_font else "Helvetica"


def paper_pdf(spec: Spec | None = None) -> bytes:
    """Render ``spec`` to PDF bytes."""
    spec = spec or Spec()
    sections = spec.sections or default_sections()
    pdf = _Doc(format="Letter")
    pdf.spec = spec
    if spec.unicode_font:
        pdf.add_font("DejaVu", "", str(DEJAVU))
        pdf.add_font("DejaVu", "B", str(DEJAVU_BOLD))
    fam = pdf._family
    if spec.info:
        pdf.set_title(spec.title)
        pdf.set_author(", ".join(spec.authors))
        pdf.set_creation_date(__import__("datetime").datetime(spec.year, 6, 1))
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    pdf.set_font(fam, "B", 18)
    pdf.multi_cell(0, 9, spec.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(fam, size=11)
    pdf.multi_cell(0, 6, ", ".join(spec.authors), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(fam, "B", 10)
    pdf.multi_cell(0, 5, "Abstract", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(fam, size=10)
    pdf.multi_cell(0, 5, spec.abstract, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    if spec.two_column:
        with pdf.text_columns(ncols=2, gutter=8) as cols:
            for heading, paragraphs in sections:
                cols.write(text="\n")
                pdf.set_font(fam, "B", 12)
                cols.write(text=heading + "\n")
                pdf.set_font(fam, size=10)
                for para in paragraphs:
                    if para.startswith("**"):
                        pdf.set_font(fam, "B", 12)
                        cols.write(text=para[2:] + "\n")
                        pdf.set_font(fam, size=10)
                    else:
                        cols.write(text=para + "\n")
    else:
        for heading, paragraphs in sections:
            pdf.ln(2)
            pdf.set_font(fam, "B", 12)
            pdf.multi_cell(0, 7, heading, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font(fam, size=10)
            for para in paragraphs:
                if para.startswith("**"):
                    # "**text": a bold line in the heading font (e.g. a caption styled like one).
                    pdf.set_font(fam, "B", 12)
                    pdf.multi_cell(0, 7, para[2:], new_x="LMARGIN", new_y="NEXT")
                    pdf.set_font(fam, size=10)
                    continue
                if para.startswith("||"):
                    # "||a|b|c\nd|e|f": a table, one printed row per line, cells in columns.
                    pdf.set_font(fam, size=9)
                    for row in para[2:].split("\n"):
                        for cell in row.split("|"):
                            pdf.cell(38, 5, cell.strip())
                        pdf.ln(5)
                    pdf.set_font(fam, size=10)
                    pdf.ln(1)
                    continue
                if para.startswith("~~"):
                    # "~~Table 2: ...": a caption, in the smaller caption type.
                    pdf.set_font(fam, size=9)
                    pdf.multi_cell(0, 4.5, para[2:], new_x="LMARGIN", new_y="NEXT")
                    pdf.set_font(fam, size=10)
                    pdf.ln(1)
                    continue
                pdf.multi_cell(0, 5, para, new_x="LMARGIN", new_y="NEXT")
                pdf.ln(1)
    return bytes(pdf.output())


def write_pdf(path: Path, spec: Spec | None = None) -> Path:
    path.write_bytes(paper_pdf(spec))
    return path
