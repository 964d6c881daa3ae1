"""Offline sync between stations and the district office, by file.

* :mod:`.keys` — each install's Ed25519 signing key and its fingerprint;
* :mod:`.bundle` — the signed bundle file (format in ``docs/sync-format.md``);
* :mod:`.records` — synced rows as bundle records, and the per-field merge.

The services that use them are in :mod:`cadre_desk.core.services.sync` (export, import,
conflicts) and :mod:`cadre_desk.core.services.stations` (enrolment).
"""
