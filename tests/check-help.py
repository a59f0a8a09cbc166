#!/usr/bin/env python3
"""check-help.py — the user guide is whole in every language (issue 7).

For C and every language in help/LINGUAS: the page is well-formed XHTML,
every link in the contents points at a section that exists, every language
has the same sections in the same order, and a translated page has no
untranslated paragraph, list item, heading or table cell (each holds
Chinese text unless it is only keys or code).
"""
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

NS = "{http://www.w3.org/1999/xhtml}"
CJK = re.compile(r"[\u4e00-\u9fff]")


def text_of(element, skip=("kbd", "code")):
    parts = [element.text or ""]
    for child in element:
        if child.tag not in tuple(NS + s for s in skip):
            parts.append(text_of(child, skip))
        parts.append(child.tail or "")
    return "".join(parts)


def check(path, lang, failures):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        failures.append(f"{path}: not well-formed: {e}")
        return None
    sections = [h.get("id") for h in root.iter(NS + "h2")]
    if None in sections or not sections:
        failures.append(f"{path}: every <h2> needs an id")
    links = [a.get("href") for a in root.iter(NS + "a")]
    for href in links:
        if href is None or not href.startswith("#") or href[1:] not in sections:
            failures.append(f"{path}: link {href!r} points at no section")
    if lang != "C":
        for tag in ("p", "li", "h1", "h2", "td", "th", "title"):
            for element in root.iter(NS + tag):
                text = text_of(element).strip()
                if text and re.search(r"[A-Za-z]{4,}", text) and not CJK.search(text):
                    failures.append(f"{path}: untranslated <{tag}>: {text[:60]!r}")
    return sections


def main():
    help_dir = Path(sys.argv[1])
    langs = ["C"] + (help_dir / "LINGUAS").read_text().split()
    failures = []
    reference = None
    for lang in langs:
        page = help_dir / lang / "xingping.html"
        if not page.is_file():
            failures.append(f"{page}: missing (listed in LINGUAS)")
            continue
        sections = check(page, lang, failures)
        if sections is None:
            continue
        if reference is None:
            reference = sections
        elif sections != reference:
            failures.append(f"{page}: sections {sections} differ from C {reference}")
        print(f"ok {lang}: {len(sections)} sections")
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
