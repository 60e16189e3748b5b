from django.http import HttpRequest

from gongkai_web.observability.context import request_id_of


def request_id(request: HttpRequest) -> dict[str, str]:
    """The request id, which the error pages show for the user to quote."""
    return {"request_id": request_id_of(request)}
