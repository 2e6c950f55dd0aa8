"""Plain text pasted from web pages: titles, headings by shape, lists, and no site furniture."""

from __future__ import annotations

import pytest

from narrate.model import Block
from narrate.readers import read_article
from narrate.readers.cleanup import is_breadcrumb, is_furniture
from narrate.readers.text import read_text


def test_ketamine_sample_splits_into_its_sections(article_path, titles):
    article = read_article(article_path("ketamine-infusion-vs-kap.txt"))
    assert article.title == (
        "Ketamine Infusion vs. Ketamine-Assisted Psychotherapy: Key Differences"
    )
    assert titles(article) == [
        None,
        "What Is a Ketamine Infusion?",
        "What Is Ketamine-Assisted Psychotherapy (KAP)?",
        "The Role of Therapy and Integration",
        "Choosing What’s Right for You",
    ]
    assert [section.level for section in article.sections] == [1, 2, 2, 2, 2]
    intro = article.sections[0].blocks
    assert len(intro) == 1 and intro[0].text.startswith("If you’ve been exploring ketamine")
    last = article.sections[-1].blocks
    assert [block.text[:30] for block in last] == [
        "Neither approach is “better” f",
        "Both approaches use the same m",
    ]
    assert last[-1].text.endswith("your goals for healing.")


def test_ketamine_sample_speaks_no_navigation(article_path, spoken):
    text = spoken(read_article(article_path("ketamine-infusion-vs-kap.txt")))
    for leftover in ("Previous", "Next", "The Science Behind Ketamine", "Just a Drug Trip"):
        assert leftover not in text


def test_breadcrumbs_share_bar_and_tags_are_dropped(article_path, titles, spoken):
    article = read_article(article_path("sleep-habits.txt"))
    assert article.title == "Seven Small Habits for Better Sleep"
    assert article.byline == "Dana Reyes"
    assert titles(article) == [None, "Keep the Same Schedule", "Make the Bedroom Boring"]
    text = spoken(article)
    for leftover in (
        "Skip to content",
        "Home",
        "Share",
        "Facebook",
        "Read more",
        "Tags",
        "Posted",
        "Back to top",
        "By Dana",
    ):
        assert leftover not in text


def test_list_items_lose_their_markers(article_path):
    blocks = read_article(article_path("sleep-habits.txt")).sections[-1].blocks
    assert [block for block in blocks if block.kind == "list_item"] == [
        Block("Move the television to another room.", "list_item"),
        Block("Keep the temperature around 18 °C.", "list_item"),
        Block("Charge your phone outside the bedroom.", "list_item"),
    ]
    assert blocks[-1] == Block(
        "Sleep is a habit like any other: it grows stronger the more you practise it."
    )


def test_headings_are_found_without_blank_lines(article_path, titles):
    article = read_article(article_path("compost-no-blank-lines.txt"))
    assert article.title == "Composting at Home Without the Smell"
    assert titles(article) == [
        None,
        "Why Does Compost Smell?",
        "What to Add",
        "Keep the Balance Right",
    ]
    assert [block.text for block in article.sections[2].blocks] == [
        "Vegetable peelings and fruit cores.",
        "Coffee grounds and paper tea bags.",
        "Dry leaves, shredded cardboard and straw.",
    ]
    assert {block.kind for block in article.sections[2].blocks} == {"list_item"}


def test_cookie_notice_and_arrowed_previous_next_are_dropped(article_path, spoken):
    text = spoken(read_article(article_path("compost-no-blank-lines.txt")))
    for leftover in ("cookies", "Accept", "Back to top", "Previous", "Next", "Balcony", "Shade"):
        assert leftover not in text
    assert text.endswith("Turn the heap every week or two.")


def test_related_posts_tail_and_subscribe_call_are_dropped(article_path, titles, spoken):
    article = read_article(article_path("budget-travel.txt"))
    assert article.title == "Travelling Europe on a Budget"
    assert titles(article) == [
        None,
        "Book Trains Early",
        "Where Should You Stay?",
        "Our packing rules",
    ]
    last = article.sections[-1].blocks
    assert [block.kind for block in last] == ["list_item"] * 3 + ["paragraph"]
    assert last[0].text == "One bag that fits under the seat."
    text = spoken(article)
    for leftover in ("You are here", "newsletter", "Share", "Email", "Related", "Paris", "Lisbon"):
        assert leftover not in text


def test_hard_wrapped_text_joins_its_lines(article_path, titles):
    article = read_article(article_path("wrapped-letter.txt"))
    assert titles(article) == [None, "Watering Rota"]
    assert article.sections[0].blocks[0].text == (
        "Dear neighbours, the committee met last Tuesday to plan the coming season. We agreed "
        "to open the garden on the first Saturday of April and to keep the tool shed unlocked "
        "during daylight hours."
    )
    assert [block.kind for block in article.sections[1].blocks] == [
        "paragraph",
        "list_item",
        "list_item",
        "paragraph",
    ]
    assert article.sections[1].blocks[1].text == (
        "Bring your own gloves; the shared pairs wear out quickly."
    )


def test_text_without_headings_is_one_untitled_section(article_path, titles):
    article = read_article(article_path("no-headings.txt"))
    assert article.title == "A Short Note on Tea"
    assert titles(article) == [None]
    assert len(article.sections[0].blocks) == 2


def test_short_sentence_is_not_a_heading(titles):
    article = read_text("Title\nLet us begin.\nA much longer paragraph follows the short one.\n")
    assert titles(article) == [None]


def test_short_line_before_a_shorter_line_is_not_a_heading():
    article = read_text("Title\n\nWhy it matters\n\nIt works.\n")
    assert [block.text for block in article.sections[0].blocks] == ["Why it matters", "It works."]


def test_first_line_that_reads_like_prose_is_not_the_title():
    article = read_text("This file starts straight away with a sentence.\nAnd goes on.\n")
    assert article.title == ""
    assert len(article.sections[0].blocks) == 2


def test_numbered_list_with_parenthesis_markers():
    article = read_text("Title\nSteps\n1) Open the lid.\n2) Pour the water.\n")
    assert article.sections[0].title == "Steps"
    assert [block.text for block in article.sections[0].blocks] == [
        "Open the lid.",
        "Pour the water.",
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Home › Blog › Wellness",
        "Home > Blog",
        "Share this",
        "Share on Facebook",
        "Read more",
        "Read more »",
        "Back to top",
        "Skip to main content",
        "Tags: sleep, health",
        "Posted in Wellness",
        "This website uses cookies to improve your experience. Accept?",
        "Subscribe",
        "Sign up for our newsletter",
    ],
)
def test_furniture_lines(line):
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "Bake the cookies for twelve minutes, then let them cool.",
        "Share your worries with someone you trust before the session.",
        "Read more widely, and you will write better.",
        "Home is where the heart is.",
        "Tagging plants helps you remember what you sowed.",
        "Next, add the flour.",
    ],
)
def test_prose_is_not_furniture(line):
    assert not is_furniture(line)


def test_previous_link_above_the_title_is_skipped():
    article = read_text("« Previous\nReal Title\n\nThe body of the article.\n")
    assert article.title == "Real Title"
    assert [block.text for block in article.sections[0].blocks] == ["The body of the article."]


@pytest.mark.parametrize(
    "line",
    [
        "/ Services / Billing",
        "Services / Billing / Payment Plans",
        "Home / Services",
        "Patients › Preparing for Surgery",
        "Nutrition » Gut Health",
        "Home | Departments | Cardiology",
        "> Patients > Visiting",
        "Home>Services>Imaging",
        "/services/billing",
        "You are here: Home > Travel > Europe",
    ],
)
def test_breadcrumbs_are_furniture(line):
    assert is_breadcrumb(line) and is_furniture(line)


@pytest.mark.parametrize(
    "line",
    ["Mother / Baby Unit", "Open 24/7", "Adults > 65", "Yes/No questions", "Diet | Exercise"],
)
def test_a_single_separator_in_a_heading_is_not_a_breadcrumb(line):
    assert not is_breadcrumb(line)


def test_a_breadcrumb_is_never_the_title_nor_spoken(titles, spoken):
    article = read_text(
        "/ Services / Billing\n\nBilling and Insurance\n\n"
        "We want paying for your care to be simple, whatever your plan.\n"
    )
    assert article.title == "Billing and Insurance"
    assert "Services" not in spoken(article)


def test_a_parent_heading_is_joined_to_its_first_sub_heading(titles, spoken):
    article = read_text(
        "Patient Guide\n\nAn opening paragraph that says what the guide is for.\n\n"
        "Billing\nPayment Plans\nYou can spread a large bill over twelve months.\n"
        "Insurance\nWe accept most major insurers and Medicare.\n"
    )
    assert titles(article) == [None, "Billing: Payment Plans", "Insurance"]


def test_parent_headings_are_joined_in_hard_wrapped_text_too(titles):
    article = read_text(
        "Clinic Update\n\nWe have changed a few things at the clinic this spring and we want\n"
        "every patient to hear about them before their next visit, so please\nread on.\n\n"
        "Billing\n\nPayment Plans\n\nYou can now spread a bill of more than two hundred\n"
        "dollars across a year of monthly payments with no interest added\nat all.\n"
    )
    assert titles(article) == [None, "Billing: Payment Plans"]


def test_a_question_parent_is_joined_without_a_colon(titles):
    article = read_text("Guide\n\nWhat Is KAP?\nOverview\nKAP pairs ketamine with therapy.\n")
    assert titles(article) == ["What Is KAP? Overview"]


def test_only_one_parent_is_joined_and_lines_a_colon_introduces_are_a_list(titles, spoken):
    article = read_text(
        "Flu Facts\n\nFlu spreads easily in winter and most people recover in a week.\n\n"
        "Symptoms include:\nFever\nCough\nSore throat\nIf you have these, stay at home.\n"
    )
    assert titles(article) == [None]
    assert "Sore throat" in spoken(article)


def test_the_title_is_found_below_the_site_menu():
    article = read_text(
        "Riverside Clinic\nHome\nAbout Us\nServices\nContact\n\n"
        "Flu Vaccines\n\nThe flu vaccine is free for everyone over sixty-five this year.\n"
    )
    assert article.title == "Flu Vaccines"
    assert [block.text for block in article.sections[0].blocks] == [
        "The flu vaccine is free for everyone over sixty-five this year."
    ]


def test_the_title_is_the_line_with_the_byline_not_a_label_above_it():
    article = read_text(
        "WELLNESS\nMarch 28, 2024\n\nIs Walking Enough?\nBy Hannah Cole\n\n"
        "Walking is free and easy on the joints.\n"
    )
    assert (article.title, article.byline) == ("Is Walking Enough?", "Hannah Cole")


def test_a_sign_off_at_the_end_is_spoken(spoken):
    article = read_text(
        "Clinic News\n\nWe are moving to a new building next month, across the road.\n\n"
        "Warm regards\nThe Northside Team\nNorthside Health Centre\n"
    )
    assert spoken(article).endswith("Warm regards\nThe Northside Team\nNorthside Health Centre")


def test_footer_links_after_the_article_are_not_spoken(spoken):
    article = read_text(
        "Clinic News\n\nWe are moving to a new building next month, across the road.\n\n"
        "Was this page helpful?\nYes\nNo\nContact Us\n12 Mill Lane\n"
    )
    assert spoken(article) == (
        "Clinic News\nWe are moving to a new building next month, across the road."
    )


def test_a_line_of_a_list_is_not_a_parent_heading(titles):
    article = read_text(
        "Opening Hours\n\nWe are open on weekdays and Saturday mornings.\n\n"
        "Surgery Hours\nMonday to Friday: 8 a.m. to 6 p.m.\nSunday: closed\n\n"
        "Phone Lines\nOur phone lines open at 8 a.m. on every weekday.\n"
    )
    assert titles(article) == [None, "Surgery Hours", "Phone Lines"]


def test_a_reviewer_credit_is_not_the_title():
    article = read_text(
        "What Is a Normal Heart Rate?\n\nMedically reviewed by Dr. Priya Nair, MD\n"
        "Written by Owen Price\n\nFor most adults it is between 60 and 100 beats a minute.\n"
    )
    assert (article.title, article.byline) == ("What Is a Normal Heart Rate?", "Owen Price")


def test_list_items_without_full_stops_do_not_make_text_hard_wrapped(titles):
    article = read_text(
        "Earache\n\nEarache is common, especially in children, and often gets better alone.\n\n"
        "How you can ease earache yourself\nTo help with the pain:\n"
        "- take paracetamol or ibuprofen as the packet says\n"
        "- put a warm or cold flannel on the ear for a while\n"
        "- remove anything from around the ear with a cotton ball\n"
    )
    assert titles(article) == [None, "How you can ease earache yourself"]


def test_a_numbered_item_keeps_its_number_as_its_place():
    article = read_text("Prep\n\nDo this:\n1. Stop eating.\n2) Drink water.\n- Rest.\n")
    items = [b for b in article.sections[-1].blocks if b.kind == "list_item"]
    assert items == [
        Block("Stop eating.", "list_item", 1),
        Block("Drink water.", "list_item", 2),
        Block("Rest.", "list_item"),
    ]


@pytest.mark.parametrize(
    "crumb", ["Services / Billing", "Patients > Billing", "Services/Billing", "Services | Billing"]
)
def test_a_two_name_breadcrumb_above_the_title_is_neither_title_nor_spoken(crumb, spoken):
    for text in (
        f"{crumb}\n\nPay Your Bill\n\nYou can pay online or by phone.\n",
        f"Clinic Name\n{crumb}\nPay Your Bill\nYou can pay online or by phone, as suits you.\n",
    ):
        article = read_text(text)
        assert article.title == "Pay Your Bill"
        assert "Billing" not in spoken(article)


def test_a_two_name_line_that_is_the_title_stays_the_title():
    article = read_text("Mother / Baby Unit\n\nOur ward has twelve rooms for new families.\n")
    assert article.title == "Mother / Baby Unit"


@pytest.mark.parametrize(
    "line",
    ["Privacy policy | Terms of use", "Accessibility · Sitemap · Contact us", "Privacy / Legal"],
)
def test_a_footers_links_on_one_line_are_furniture(line):
    assert is_furniture(line)


def test_a_line_naming_one_policy_is_text():
    assert not is_furniture("Privacy")
