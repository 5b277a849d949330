"""The work list (`GET /tasks`): what waits on the caller, computed from the services on each
request (the gateway keeps no copy). `calendar.py` holds the deadline rules, `service.py` asks the
services, `routes.py` is HTTP only."""
