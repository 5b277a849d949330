"""In-app notifications: a periodic job (`jobs.py`) computes each active user's work list and
records the tasks that are new to them, once each (a unique key per user and task, decided by the
database); `mail.py` sends them by e-mail when SMTP is configured. Queries in `repository.py`,
HTTP in `routes.py`."""
