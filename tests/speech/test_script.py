from narrate.model import Article, Block, Section
from narrate.profiles import Pauses
from narrate.speech.normalize import normalize
from narrate.speech.script import build_script

PAUSES = Pauses()


def article(*sections: Section) -> Article:
    return Article(title="The Title", sections=sections)


def test_title_and_headings_are_announced_and_chapters_follow_sections():
    script = build_script(
        article(
            Section(None, 1, (Block("Intro one. Intro two."),)),
            Section("First heading", 2, (Block("Body."),)),
        ),
        PAUSES,
    )
    assert [(c.kind, c.display, c.chapter) for c in script.cues] == [
        ("title", "The Title", 0),
        ("sentence", "Intro one.", 0),
        ("sentence", "Intro two.", 0),
        ("heading", "First heading", 1),
        ("sentence", "Body.", 1),
    ]
    assert [c.title for c in script.chapters] == ["The Title", "First heading"]


def test_pauses_mark_structure():
    script = build_script(
        article(
            Section("A", 2, (Block("One. Two."), Block("Three."))),
            Section("B", 2, (Block("Four."),)),
        ),
        PAUSES,
    )
    pauses = {c.display: c.pause_after_ms for c in script.cues}
    assert pauses["The Title"] == PAUSES.after_title
    assert pauses["A"] == PAUSES.after_heading
    assert pauses["One."] == PAUSES.sentence
    assert pauses["Two."] == PAUSES.paragraph
    assert pauses["Three."] == PAUSES.section
    assert pauses["Four."] == PAUSES.end


def test_no_announce_speaks_text_only():
    script = build_script(article(Section("A", 2, (Block("One."),))), PAUSES, announce=False)
    assert [c.kind for c in script.cues] == ["sentence"]
    assert [c.title for c in script.chapters] == ["A"]


def test_sections_with_nothing_to_say_make_no_chapter():
    script = build_script(
        article(Section("Empty", 2, ()), Section("Full", 2, (Block("Text."),))),
        PAUSES,
        announce=False,
    )
    assert [c.title for c in script.chapters] == ["Full"]
    assert {c.chapter for c in script.cues} == {0}


def test_ids_are_stable_and_unique_for_repeated_text():
    art = article(Section("A", 2, (Block("Same. Same. Other."),)))
    first, second = build_script(art, PAUSES), build_script(art, PAUSES)
    ids = [c.id for c in first.cues]
    assert ids == [c.id for c in second.cues]
    assert len(set(ids)) == len(ids)


def test_spoken_and_display_forms_stay_apart():
    script = build_script(
        article(Section(None, 1, (Block("Dr. Who."),))), PAUSES, speak=lambda s: s.upper()
    )
    assert script.cues[-1].display == "Dr. Who."
    assert script.cues[-1].spoken == "DR. WHO."


def test_text_that_speaks_nothing_is_skipped():
    script = build_script(
        article(
            Section(
                None,
                1,
                (
                    Block("🎉"),
                    Block("Words."),
                ),
            )
        ),
        PAUSES,
    )
    assert [c.display for c in script.cues] == ["The Title", "Words."]


def test_headings_can_be_announced_with_their_position():
    script = build_script(
        article(
            Section(None, 1, (Block("Intro."),)),
            Section("A", 2, (Block("One."),)),
            Section("B", 2, (Block("Two."),)),
        ),
        PAUSES,
        announce_numbers=True,
    )
    headings = [(c.display, c.spoken) for c in script.cues if c.kind == "heading"]
    assert headings == [("A", "Section 1 of 2: A"), ("B", "Section 2 of 2: B")]


def _spoken(script) -> list[str]:
    return [c.spoken for c in script.cues if c.kind == "sentence"]


def test_an_ordered_list_of_instructions_is_read_step_by_step():
    blocks = (
        Block("Follow these steps."),
        Block("Stop eating. Then rest.", "list_item", 1),
        Block("Drink 2 cups.", "list_item", 2),
        Block("A bullet.", "list_item"),
    )
    script = build_script(article(Section("Prep", 2, blocks)), PAUSES, speak=normalize)
    assert _spoken(script) == [
        "Follow these steps.",
        "Step one: Stop eating.",
        "Then rest.",
        "Step two: Drink two cups.",
        "A bullet.",
    ]
    assert [c.display for c in script.cues if c.kind == "sentence"][1] == "Stop eating."


def test_another_ordered_list_is_read_by_number():
    blocks = (Block("Metformin.", "list_item", 1), Block("Step 2 is not doubled.", "list_item", 2))
    script = build_script(article(Section("Your medicines", 2, blocks)), PAUSES, speak=normalize)
    assert _spoken(script) == ["Number one: Metformin.", "Step two is not doubled."]


def test_cues_say_their_block_kind_and_heading():
    article = Article(title="Visit", sections=(
        Section(None, 1, (Block("Welcome."),)),
        Section("Bring", 2, (Block("Your card."), Block("Your card.", "list_item"))),
    ))  # fmt: skip
    cues = build_script(article, PAUSES).cues
    assert [(c.kind, c.block, c.heading) for c in cues] == [
        ("title", None, None),
        ("sentence", "paragraph", None),
        ("heading", None, "Bring"),
        ("sentence", "paragraph", "Bring"),
        ("sentence", "list_item", "Bring"),
    ]
