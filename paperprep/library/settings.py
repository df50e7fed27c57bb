"""Settings the user chose per domain (table ``domain_settings``): the interview date."""

from __future__ import annotations

from paperprep.library.base import LibraryBase, now


class DomainSettingsMixin(LibraryBase):
    """Name/value settings of a domain, which may have no paper yet."""

    def domain_setting(self, domain: str, name: str) -> str | None:
        """A setting the user chose for a domain (``interview_date``), or None."""
        for row in self._query(
            "select value from domain_settings where domain = ? and name = ?", [domain, name]
        ):
            return str(row["value"])
        return None

    def set_domain_setting(self, domain: str, name: str, value: str | None) -> None:
        """Store (or with ``None`` remove) a domain setting."""
        with self.transaction():
            if value is None:
                self.conn.execute(
                    "delete from domain_settings where domain = ? and name = ?", [domain, name]
                )
            else:
                self.conn.execute(
                    "insert into domain_settings (domain, name, value, set_at) values (?, ?, ?, ?) "
                    "on conflict (domain, name) do update set value = excluded.value, "
                    "set_at = excluded.set_at",
                    [domain, name, value, now()],
                )
