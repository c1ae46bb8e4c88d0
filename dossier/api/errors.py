"""One error shape for every answer that is not a success, whatever raised it:
{"error": {"status", "code", "message"}}, and the handlers that give it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from dossier.errors import DossierError, NotFound
from dossier.validate import InvalidValue

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    411: "length_required",
    413: "too_large",
    422: "invalid",
    500: "internal",
    503: "timeout",
}


def error(status: int, message: str, code: str | None = None, headers: Mapping[str, str] | None = None) -> JSONResponse:
    body = {"error": {"status": status, "code": code or CODES.get(status, "error"), "message": message}}
    return JSONResponse(body, status_code=status, headers=headers)


class ErrorDetail(BaseModel):
    status: int
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


RESPONSES: dict[int | str, dict[str, Any]] = {
    s: {"model": ErrorBody, "description": d}
    for s, d in (
        (400, "bad request"),
        (401, "a token is needed"),
        (403, "the token is not valid, or none is configured"),
        (404, "not found"),
        (411, "a body sent without a Content-Length"),
        (413, "the body is larger than ingest accepts"),
        (422, "invalid parameters"),
        (503, "the query ran past the time limit"),
    )
}


def install(app: FastAPI, timeout: type[Exception]) -> None:
    """Every exception answers in the error shape: HTTP errors with their status, validation
    errors (the schema's and dossier.validate's) with 422, the store's errors by kind, a query past
    its time limit (`timeout`) with 503."""

    @app.exception_handler(HTTPException)
    async def http_error(_request: Request, exc: HTTPException) -> JSONResponse:
        return error(exc.status_code, str(exc.detail), headers=exc.headers)  # e.g. Allow, with a 405

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("query", "body", "path"))
        return error(422, f"{where or 'request'}: {first.get('msg', 'invalid')}")

    def answer(status: int) -> Callable[[Request, Exception], Awaitable[JSONResponse]]:
        async def handler(_request: Request, exc: Exception) -> JSONResponse:
            return error(status, str(exc))

        return handler

    for raised, status in (
        (NotFound, 404),
        (InvalidValue, 422),
        (timeout, 503),
        (DossierError, 400),
    ):  # the most specific applies
        app.add_exception_handler(raised, answer(status))

    @app.exception_handler(Exception)
    async def internal(_request: Request, exc: Exception) -> JSONResponse:
        return error(500, f"internal error ({type(exc).__name__}); see the server log")
