from projects import messages as messages  # the words of its problems, registered once
from projects.public import messages as public_messages  # noqa: F401  (the public routes' words)
