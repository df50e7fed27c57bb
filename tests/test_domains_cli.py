"""`paperprep domains …` as a user runs it, and what a broken user domain file does to the rest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperprep.cli import app
from tests.pdfgen import Spec, paper_pdf

FRAUD = """\
name = "fraud"
description = "Payment fraud"

[queries]
scholar = ["payment fraud detection"]
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def user_domains(isolated_home: Path) -> Path:
    folder = isolated_home / "domains"
    folder.mkdir(parents=True)
    return folder


def run(runner: CliRunner, *args: str, code: int = 0) -> tuple[str, str]:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout, result.stderr


def test_domains_lists_the_rest_and_names_a_broken_file(
    runner: CliRunner, user_domains: Path
) -> None:
    (user_domains / "fraud.toml").write_text(FRAUD, encoding="utf-8")
    bad = user_domains / "churn.toml"
    bad.write_text(FRAUD.replace('"fraud"', '"churn"').replace("[queries]", "[querys]"))
    out, err = run(runner, "domains")
    assert "fraud" in out and "recsys" in out and "churn" not in out
    assert f"skipped {bad}: querys: unknown key (did you mean 'queries'?)" in err
    listed = json.loads(run(runner, "domains", "--json")[0])
    assert {d["name"] for d in listed} >= {"fraud", "recsys", "eta"}
    assert "churn" not in {d["name"] for d in listed}
    # The broken domain itself gives its error, in one line plus no traceback.
    _, err = run(runner, "domains", "show", "churn", code=1)
    assert err.startswith(f"Error: {bad}: querys: unknown key")
    # Other domains are unaffected.
    out, _ = run(runner, "domains", "show", "fraud")
    assert out.startswith("fraud — Payment fraud")


def test_deeply_nested_domain_file_is_one_line_everywhere(
    runner: CliRunner, user_domains: Path, tmp_path: Path
) -> None:
    (user_domains / "deep.toml").write_text("x = " + "[" * 3000 + "]" * 3000 + "\n")
    _, err = run(runner, "domains")
    assert "deep.toml: invalid TOML: arrays or inline tables nested too deeply" in err
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(paper_pdf(Spec()))
    for args in (
        ("domains", "show", "deep"),
        ("fetch", "deep", "--offline"),
        ("add", str(pdf), "--domain", "deep"),
        ("export", "deep"),
    ):
        _, err = run(runner, *args, code=1)
        assert "nested too deeply" in err, args
        assert len(err.strip().splitlines()) == 1, (args, err)
    # The file does not stand in the way of the other domains.
    out, _ = run(runner, "add", str(pdf), "--domain", "recsys")
    assert "added" in out


def test_domains_new_refuses_to_shadow_a_builtin(runner: CliRunner, user_domains: Path) -> None:
    _, err = run(runner, "domains", "new", "recsys", code=1)
    assert "Error: 'recsys' is a built-in domain" in err
    assert "paperprep domains new recsys --from recsys" in err
    assert not (user_domains / "recsys.toml").exists()
    out, _ = run(runner, "domains", "show", "recsys")
    assert "source: built-in" in out


def test_domains_new_from_writes_a_copy_to_edit(runner: CliRunner, user_domains: Path) -> None:
    out, err = run(runner, "domains", "new", "recsys", "--from", "recsys")
    path = user_domains / "recsys.toml"
    assert out.strip() == f"wrote {path}"
    assert "Your copy replaces the built-in recsys" in err
    shown, _ = run(runner, "domains", "show", "recsys")
    assert f"source: {path}" in shown
    builtin = json.loads(run(runner, "domains", "show", "eta", "--json")[0])
    mine = json.loads(run(runner, "domains", "show", "recsys", "--json")[0])
    assert mine["seeds"] and all(s["tier"] for s in mine["seeds"])
    # A new name from any domain: a copy without the aliases.
    run(runner, "domains", "new", "delivery-eta", "--from", "travel-time")
    copy = json.loads(run(runner, "domains", "show", "delivery-eta", "--json")[0])
    assert copy["aliases"] == [] and copy["seeds"] == builtin["seeds"]
    _, err = run(runner, "domains", "new", "delivery-eta", "--from", "eta", code=1)
    assert "exists" in err and "--force" in err


def test_domains_show_has_tiers_facets_and_why(runner: CliRunner, user_domains: Path) -> None:
    (user_domains / "fraud.toml").write_text(
        FRAUD.replace("[queries]", 'terms = ["chargeback | dispute"]\n[queries]')
        + '\n[facets]\ngraph = ["fraud ring | collusion"]\n'
        + '\n[[seeds]]\ntitle = "FRAUDAR"\nyear = 2016\ntier = "classic"\nfacet = "graph"\n'
        + 'why = "Dense-subgraph detection [the classic]"\n',
        encoding="utf-8",
    )
    out, _ = run(runner, "domains", "show", "fraud")
    assert "Terms chargeback | dispute" in out
    assert "graph: fraud ring | collusion" in out
    assert "• [classic, graph] FRAUDAR (2016) title only" in out
    assert "Dense-subgraph detection [the classic]" in out
    data = json.loads(run(runner, "domains", "show", "fraud", "--json")[0])
    assert data["facets"] == {"graph": ["fraud ring | collusion"]}
    seed = data["seeds"][0]
    assert {"title", "year", "doi", "arxiv_id"} <= set(seed)  # the keys that were there
    assert (seed["tier"], seed["facet"], seed["why"]) == (
        "classic",
        "graph",
        "Dense-subgraph detection [the classic]",
    )


def test_broken_user_files_at_a_terminal(user_domains: Path, isolated_home: Path) -> None:
    """Under a pseudo-terminal at 80 columns, as a person runs it: the list still draws."""
    from tests.terminal import run_tty

    (user_domains / "churn.toml").write_text(FRAUD.replace("[queries]", "[querys]"))
    (user_domains / "deep.toml").write_text("x = " + "[" * 3000 + "]" * 3000 + "\n")
    screen = run_tty(["domains"], home=isolated_home, cols=80)
    screen.assert_clean(0)
    assert "recsys" in screen and "built-in" in screen
    assert "querys: unknown key" in screen.plain and "nested too deeply" in screen.plain
    for name, problem in (("deep", "nested too deeply"), ("churn", "querys: unknown key")):
        screen = run_tty(["domains", "show", name], home=isolated_home, cols=80)
        screen.assert_clean(1)
        assert problem in screen.plain
