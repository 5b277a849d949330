from reports import messages as messages  # the words of its problems, registered once
