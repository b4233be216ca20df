"""documentLink, documentHighlight, selectionRange, hover links, speaker
completion (roster aliases, no misspellings), "Add to roster" against a
roster changed on disk, and the semantic token legend — checked with
lsprotocol's types and positions computed here in UTF-16, on text with
emoji, tabs and CRLF line ends."""

from __future__ import annotations

import re

from lsprotocol import types

from conftest import change_doc, client_capabilities, initialize, open_doc, uri_of

NOTE = (
    "___\r\n\r\n🎉 Party Talk\r\n\r\nAda Lovelace\r\n\r\nCore, Beginner\r\n\r\n"
    "Description: 🎉🎉 see https://example.org/a_(b). And [the slides](https://s.io/deck) too.\r\n\r\n"
    "Abstract: A.\r\n\r\nBio: B.\r\n\r\n___\r\n\r\nSecond\r\n\r\nBob Roe and ADA LOVELACE\r\n\r\n"
    "Core, Beginner\r\n\r\nDescription: D.\r\n\r\nNotes\r\n\t* 🎉 first point\r\n"
    "\t* mail mailto:ada@example.org\r\n\r\nAbstract: A.\r\n\r\nBio: B.\r\n"
)


def pos(text: str, offset: int) -> types.Position:
    """The LSP position (UTF-16 code units) of a character offset; lines end
    at CRLF, LF or CR, as the specification says."""
    line_start = 0
    line = 0
    i = 0
    while i < offset:
        c = text[i]
        if c == "\r" and i + 1 < len(text) and text[i + 1] == "\n":
            i += 2
        elif c in "\r\n":
            i += 1
        else:
            i += 1
            continue
        if i <= offset:
            line += 1
            line_start = i
    units = len(text[line_start:offset].encode("utf-16-le")) // 2
    return types.Position(line=line, character=units)


def rng(text: str, start: int, end: int) -> types.Range:
    return types.Range(start=pos(text, start), end=pos(text, end))


def span(text: str, needle: str, nth: int = 0) -> types.Range:
    i = -1
    for _ in range(nth + 1):
        i = text.index(needle, i + 1)
    return rng(text, i, i + len(needle))


def doc(path) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri_of(path))


async def test_links_highlights_and_selection_ranges(client, tmp_path):
    note = tmp_path / "a.talk"
    note.write_bytes(NOTE.encode())
    result = await initialize(client, tmp_path)
    caps = result.capabilities
    assert caps.document_link_provider is not None
    assert caps.document_highlight_provider
    assert caps.selection_range_provider
    open_doc(client, note, NOTE)

    links = await client.text_document_document_link_async(
        types.DocumentLinkParams(text_document=doc(note))
    )
    assert [(l.range, l.target) for l in links] == [
        (span(NOTE, "https://example.org/a_(b)"), "https://example.org/a_(b)"),
        (span(NOTE, "[the slides](https://s.io/deck)"), "https://s.io/deck"),
        (span(NOTE, "mailto:ada@example.org"), "mailto:ada@example.org"),
    ]

    on_second = NOTE.index("ADA LOVELACE") + 3
    hl = await client.text_document_document_highlight_async(
        types.DocumentHighlightParams(text_document=doc(note), position=pos(NOTE, on_second))
    )
    assert [h.range for h in hl] == [span(NOTE, "Ada Lovelace"), span(NOTE, "ADA LOVELACE")]

    speaker = NOTE.index("Bob Roe") + 1
    word = NOTE.index("first point") + 2
    sel = await client.text_document_selection_range_async(
        types.SelectionRangeParams(
            text_document=doc(note), positions=[pos(NOTE, speaker), pos(NOTE, word)]
        )
    )

    def chain(s):
        out = []
        while s is not None:
            out.append(s.range)
            s = s.parent
        return out

    second = NOTE.index("___", 1)
    talk2 = rng(NOTE, second, len(NOTE.rstrip()))
    whole = rng(NOTE, 0, len(NOTE))
    assert chain(sel[0]) == [
        span(NOTE, "Bob Roe"),
        span(NOTE, "Bob Roe and ADA LOVELACE"),
        talk2,
        whole,
    ]
    section = rng(NOTE, NOTE.index("Notes\r\n"), NOTE.index("mailto:ada@example.org") + 22)
    assert chain(sel[1]) == [
        span(NOTE, "first"),
        span(NOTE, "\t* 🎉 first point"),
        section,
        talk2,
        whole,
    ]


async def test_hover_places_are_links_to_the_line(client, tmp_path):
    a = tmp_path / "a.talk"
    b = tmp_path / "b.talk"
    a.write_text(" Opening\nby Ada Lovelace\n")
    b.write_text("// notes\n\n Second Talk\nby Ada Lovelace\n")
    await initialize(client, tmp_path)
    open_doc(client, a)
    text = a.read_text()
    hover = None
    # The workspace index is built in the background: ask until b.talk is in.
    for _ in range(2000):
        hover = await client.text_document_hover_async(
            types.HoverParams(text_document=doc(a), position=pos(text, text.index("Ada") + 1))
        )
        if hover and "b.talk" in hover.contents.value:
            break
    assert hover is not None
    md = hover.contents.value
    m = re.search(r"\[b\.talk:(\d+)\]\(([^)]*)\)", md)
    assert m, md
    line = int(m.group(1))
    assert m.group(2) == f"{uri_of(b)}#L{line}"
    assert b.read_text().splitlines()[line - 1] == " Second Talk"


def roster_workspace(tmp_path):
    (tmp_path / "notelint.toml").write_text('roster = "people.toml"\n')
    (tmp_path / "people.toml").write_text(
        '[[person]]\nname = "Grace Hopper"\naliases = ["Amazing Grace"]\n'
    )
    talk = (
        "___\n\n{t}\n\n{s}\n\nCore, Beginner\n\nDescription: D.\n\nAbstract: A.\n\nBio: B.\n\n"
    )
    (tmp_path / "b.talk").write_text(
        talk.format(t="One", s="Vanessa Lindberg")
        + talk.format(t="Two", s="Vanessa Lindberg")
        + talk.format(t="Three", s="Vanessa Lindbergh")
    )


async def labels_at(client, path, text):
    got = await client.text_document_completion_async(
        types.CompletionParams(text_document=doc(path), position=pos(text, len(text)))
    )
    items = got.items if isinstance(got, types.CompletionList) else got
    return [(i.label, i.detail) for i in items]


async def test_completion_offers_aliases_not_misspellings(client, tmp_path):
    roster_workspace(tmp_path)
    await initialize(client, tmp_path, capabilities=client_capabilities("neovim"))
    a = tmp_path / "a.talk"
    text = "___\n\nNew\n\nby Ama"
    a.write_text(text)
    open_doc(client, a, text)
    got = []
    for _ in range(2000):  # until the index holds b.talk
        got = await labels_at(client, a, text)
        if got:
            break
    assert ("Amazing Grace", "alias of Grace Hopper · roster") in got
    text = "___\n\nNew\n\nby Vanes"
    change_doc(client, a, 2, text)
    names = []
    for _ in range(2000):
        names = [l for l, _ in await labels_at(client, a, text)]
        if names:
            break
    assert names == ["Vanessa Lindberg"]


async def test_add_to_roster_uses_the_roster_as_it_is_on_disk(client, tmp_path):
    roster_workspace(tmp_path)
    roster = tmp_path / "people.toml"
    await initialize(client, tmp_path)
    a = tmp_path / "a.talk"
    text = "___\n\nNew\n\nAnn Smith\n\nCore, Beginner\n\nDescription: D.\n\nAbstract: A.\n\nBio: B.\n"
    a.write_text(text)
    open_doc(client, a, text)

    async def adds():
        acts = await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=doc(a),
                range=span(text, "Ann Smith"),
                context=types.CodeActionContext(diagnostics=[]),
            )
        )
        return [x for x in acts or [] if "to the roster" in x.title]

    assert len(await adds()) == 1
    # Changed on disk, the server not told: CRLF, a comment, more people.
    now = '# people\r\n[[person]]\r\nname = "Grace Hopper"\r\n\r\n[[person]]\r\nname = "Bo Li"\r\n'
    roster.write_bytes(now.encode())
    [add] = await adds()
    edits = add.edit.changes[uri_of(roster)]
    assert len(edits) == 1
    end = rng(now, len(now), len(now))
    assert edits[0].range == end
    assert edits[0].new_text == '\r\n[[person]]\r\nname = "Ann Smith"\r\n'
    # Already there on disk: nothing to add.
    roster.write_bytes((now + edits[0].new_text).encode())
    assert await adds() == []


async def test_semantic_token_types_are_standard(client, tmp_path):
    result = await initialize(client, tmp_path, capabilities=client_capabilities("neovim"))
    legend = result.capabilities.semantic_tokens_provider.legend
    standard = {t.value for t in types.SemanticTokenTypes}
    assert legend.token_types and set(legend.token_types) <= standard, legend.token_types
