"""What the routes take from the app: the readers of the other services and the layout."""

from typing import Annotated

from fastapi import Depends, Request

from reports.program.layout import Layout
from reports.program.service import Readers


def _readers(request: Request) -> Readers:
    readers: Readers = request.app.state.readers
    return readers


def _layout(request: Request) -> Layout:
    layout: Layout = request.app.state.layout
    return layout


ReadersDep = Annotated[Readers, Depends(_readers)]
LayoutDep = Annotated[Layout, Depends(_layout)]
