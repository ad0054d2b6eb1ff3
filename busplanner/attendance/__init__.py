"""The attendance log: the sessions the bus really held, who came and for what.

- :mod:`busplanner.attendance.db`: the SQLite log (schema, migrations, transactions).
- :mod:`busplanner.attendance.sheet`: the crew's spreadsheet in and out (CSV, .xlsx).
- :mod:`busplanner.attendance.report`: the report (terminal, CSV, HTML with charts).
- :mod:`busplanner.attendance.demand`: demand weights from attendance (``[demand] source``).
- :mod:`busplanner.attendance.synth`: a SYNTHETIC year of sessions, for demonstrations.

See ``docs/attendance.md``.
"""
