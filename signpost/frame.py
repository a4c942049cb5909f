"""The GOV.UK page frame around a page's content, rendered once and kept.

The frame (head, icons, stylesheet and script links, skip links, header, Exit this page, footer) was about
1.3 ms of every page, the same bytes on every page in a language but for a few parts. Those parts are
LIVE_BLOCKS, blocks of templates/base.html that each page renders itself: the title, the hreflang
alternates and the language link (they name this page's path), the back link, <main> with the error
summary and the content, and the scripts at the end (results and officer pages add theirs). The first page
in a language renders the frame with a mark where each of them goes, and cuts it there; later pages extend
templates/frame/kept.html, a parent template whose text is the kept pieces with those blocks between.

A page only gets a kept frame when nothing it sets can change the frame: it overrides no block of the
frame (the partner layout's empty Exit this page, the officer layout's extra script render in full) and
sets none of the variables the frame reads (GOV.UK's template options, or a global it shadows). Anything
else the frame shows depends only on the language and, through url_for("static"), the script root: the key.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, has_request_context, request
from jinja2 import Environment, Template, meta, nodes, pass_context
from jinja2.runtime import Context
from jinja2.utils import missing
from markupsafe import Markup

from signpost.i18n import current_language

BASE = "base.html"
GOVUK = "govuk_frontend_jinja/template.html"
KEPT = "frame/kept.html"
# base.html's blocks a page renders itself, in the order they come in the page.
LIVE_BLOCKS = ("pageTitle", "alternates", "language_link", "back_link", "main", "bodyEnd")
# Blocks rendered only inside a live one: a page may override them too.
INSIDE_LIVE = ("content",)
MAX_FRAMES = 16  # a language and a script root each: 2 in practice
_MARK = "\x00frame:{}\x00"
_MARKS = re.compile("\x00frame:(\\w+)\x00")


@dataclass(frozen=True)
class Frame:
    """The frame's text in pieces: LIVE_BLOCKS go between them, in order."""

    texts: tuple[Markup, ...]


@dataclass
class _Kept:
    """One app's kept frames, and what a page must leave alone to use them (from the templates they were
    cut from: kept frames are dropped if base.html is loaded again)."""

    base: Template
    frame_blocks: tuple[tuple[str, Callable[..., Any] | None], ...]
    frame_names: tuple[str, ...]
    cut: Template
    frames: dict[tuple[str, str], Frame]


def cut_at(frame_html: str) -> Frame | None:
    """A frame rendered with a mark for each live block, cut at the marks; None unless each live block was
    marked once, in order."""
    pieces = _MARKS.split(frame_html)
    if tuple(pieces[1::2]) != LIVE_BLOCKS:
        return None
    return Frame(tuple(Markup(text) for text in pieces[0::2]))


def _read_templates(env: Environment, base: Template) -> _Kept:
    govuk = env.get_template(GOVUK)
    if tuple(env.get_template(KEPT).blocks) != LIVE_BLOCKS:
        raise RuntimeError(f"{KEPT} must have exactly these blocks, in this order: {LIVE_BLOCKS}")
    allowed = {*LIVE_BLOCKS, *INSIDE_LIVE}
    blocks = tuple((name, base.blocks.get(name)) for name in sorted({*base.blocks, *govuk.blocks} - allowed))
    marks = "".join(f"{{% block {name} %}}{{{{ frame_mark({name!r}) }}}}{{% endblock %}}" for name in LIVE_BLOCKS)
    return _Kept(
        base=base,
        frame_blocks=blocks,
        frame_names=frame_reads(env),
        cut=env.from_string(f'{{% extends "{BASE}" %}}{marks}'),
        frames={},
    )


def frame_reads(env: Environment) -> tuple[str, ...]:
    """The names the frame (base.html and GOV.UK's template, less the live blocks) reads from a page's context:
    GOV.UK's template options and the globals it uses, less what the two templates set at their top level
    (they do so after the page's own top level, so a page cannot change those)."""
    reads: set[str] = set()
    set_at_top: set[str] = set()
    for name in (BASE, GOVUK):
        ast = env.parse(env.loader.get_source(env, name)[0])  # type: ignore[union-attr]
        for block in ast.find_all(nodes.Block):
            if block.name in LIVE_BLOCKS:
                block.body = []
        loaded = {node.name for node in ast.find_all(nodes.Name) if node.ctx == "load"}
        reads |= meta.find_undeclared_variables(ast) | (loaded & env.globals.keys())
        set_at_top |= _set_at_top(ast.body)
    return tuple(sorted(reads - set_at_top))


def _set_at_top(body: list[nodes.Node]) -> set[str]:
    names: set[str] = set()
    for node in body:
        if isinstance(node, nodes.If):
            names |= _set_at_top(node.body) | _set_at_top(node.else_)
            for branch in node.elif_:
                names |= _set_at_top([branch])
        elif isinstance(node, nodes.Assign | nodes.AssignBlock):
            names |= {name.name for name in node.find_all(nodes.Name) if name.ctx == "store"}
        elif isinstance(node, nodes.FromImport):
            names |= {item if isinstance(item, str) else item[1] for item in node.names}
        elif isinstance(node, nodes.Import):
            names.add(node.target)
        elif isinstance(node, nodes.Macro):
            names.add(node.name)
    return names


def _uses_frame_as_is(context: Context, kept: _Kept) -> bool:
    """Whether this page leaves the frame alone: base.html's own frame blocks, no GOV.UK block of its own,
    and every name the frame reads as the app's globals have it."""
    for name, block in kept.frame_blocks:
        found = context.blocks.get(name)
        if block is None and found:
            return False
        if block is not None and (found is None or len(found) != 1 or found[0] is not block):
            return False
    env_globals = context.environment.globals
    return all(context.resolve_or_missing(name) is env_globals.get(name, missing) for name in kept.frame_names)


@pass_context
def kept_frame(context: Context) -> Frame | None:
    """base.html's choice: the kept frame for this page, or None to render GOV.UK's template in full."""
    if not has_request_context() or "frame_mark" in context or not current_app.config["SIGNPOST_KEEP_FRAME"]:
        return None
    env = context.environment
    base = env.get_template(BASE)
    kept: _Kept | None = current_app.extensions.get("signpost.frame")
    if kept is None or kept.base is not base:
        kept = current_app.extensions["signpost.frame"] = _read_templates(env, base)
    if not _uses_frame_as_is(context, kept):
        return None
    key = (current_language(), request.script_root)
    frame = kept.frames.get(key)
    if frame is None:
        frame = _cut(kept.cut)
        if frame is None:
            return None
        if len(kept.frames) >= MAX_FRAMES:
            kept.frames.clear()  # script roots no deployment has: start again rather than grow
        kept.frames[key] = frame
    return frame


def _cut(template: Template) -> Frame | None:
    """The frame for this request's language and script root, rendered as for a page (the same context
    processors) with a mark in each live block."""
    values: dict[str, Any] = {}
    current_app.update_template_context(values)
    values["frame_mark"] = _mark
    return cut_at(template.render(values))


def _mark(name: str) -> Markup:
    return Markup(_MARK.format(name))


def init_app(app: Flask) -> None:
    app.config.setdefault("SIGNPOST_KEEP_FRAME", True)
    app.jinja_env.globals["kept_frame"] = kept_frame
