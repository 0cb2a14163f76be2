"""The one exception rules and operations raise to refuse something."""


class DomainError(Exception):
    """A request the domain refuses, with a message a person can act on.

    `field` names the form field the problem belongs to, when there is one.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
