"""The course website: every lesson in both versions, the lesson plans, the data dictionary and sources.

``scomm build --site`` writes a static site that reads the same from ``file://`` as from any
static host: every link is relative, nothing is fetched from another server, and no page needs
JavaScript. The pages are made from the executed student and instructor builds
(``build/student/`` and ``build/instructor/``, built first when missing), ``lessons/*.md``,
``data/datapackage.json`` and ``data/sources.csv``::

    index.html                      the course, its lessons and where everything is
    lessons/<lesson>/student.html   narrative and outputs (no code, no teaching notes)
    lessons/<lesson>/instructor.html
    plans/<name>.html               one page per Markdown file in lessons/
    data/index.html                 the data dictionary, beside a copy of every table
    sources.html                    the bibliography, one anchor per source_id
    site.css

The output folder may hold other files: a rebuild replaces only the files an earlier site
build wrote (listed in its ``.scomm-manifest.json``) and removes those it no longer writes.
Any other file where the site would write stops the build before it writes anything, with
the file's name and the flag (``--force``) that allows replacing it. The same inputs give
the same bytes.
"""

from __future__ import annotations

import copy
import csv
import html
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scomm.course.layout import BUILD_DIR, DATA_DIR, LESSONS, ROOT, Lesson

SITE_DIR = BUILD_DIR / "site"
PLANS_DIR = ROOT / "lessons"
COURSE_TITLE = "Secure Communities: a Jupyter teaching unit"
COURSE_DESCRIPTION = (
    "Four lessons on the US Secure Communities immigration-enforcement program (2008–2014, restored "
    "in 2017): how it worked, the opt-out dispute, detainer law and the move to the Priority Enforcement "
    "Program. Students read the evidence and weigh both positions; the kit takes no side."
)
VERSIONS = ("student", "instructor")
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
INTERACTIVE_NOTE_CLASS = "scomm-interactive"

STYLESHEET = """\
/* scomm-kit course site: text #1a1a1a on #ffffff and links #0b4f9c (contrast above 7:1). */
body { font-family: system-ui, sans-serif; line-height: 1.5; color: #1a1a1a; background: #ffffff; }
main { max-width: 60rem; margin: 0 auto; padding: 0 1rem 2rem; }
a { color: #0b4f9c; }
.skip-link { position: absolute; left: -999px; top: 0; background: #ffffff; color: #0b4f9c; padding: .5rem; }
.skip-link:focus { left: 0; z-index: 10; }
nav.site-nav { background: #f2f2f2; border-bottom: 1px solid #767676; padding: .5rem 1rem; }
nav.site-nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; }
nav.site-nav a { color: #0b3d78; }
nav.site-nav [aria-current="page"] { font-weight: bold; }
table.site-table { border-collapse: collapse; margin: 1rem 0; }
table.site-table th, table.site-table td { border: 1px solid #767676; padding: .25rem .5rem;
  text-align: left; vertical-align: top; }
.scomm-interactive { border-left: 4px solid #0b4f9c; background: #eef3fa; color: #1a1a1a; padding: .5rem 1rem; }
/* Lesson pages use JupyterLab's styles; two of its colours fall below WCAG AA contrast (axe-core):
   the grey prompts beside code cells and pygments' comment colour.
   The `body` prefix outranks those rules, which the page inlines after this stylesheet. */
body .jp-InputPrompt, body .jp-OutputPrompt { color: #595959; opacity: 1 !important; }
body .highlight .c, body .highlight .c1, body .highlight .ch, body .highlight .cm, body .highlight .cs { color: #2e6161; }
"""


# -- page frame ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """One navigation entry: its text and its address relative to the site's root."""

    text: str
    href: str


def _relative(href: str, depth: int) -> str:
    return "../" * depth + href


def nav_html(links: Iterable[Link], *, depth: int, current: str = "") -> str:
    """The site navigation bar for a page ``depth`` folders below the root."""
    items = []
    for link in links:
        here = ' aria-current="page"' if link.href == current else ""
        items.append(
            f'<li><a href="{html.escape(_relative(link.href, depth))}"{here}>{html.escape(link.text)}</a></li>'
        )
    return f'<nav class="site-nav" aria-label="Site"><ul>{"".join(items)}</ul></nav>'


def _site_links(*extra: Link) -> list[Link]:
    return [
        Link("Home", "index.html"),
        *extra,
        Link("Data dictionary", "data/index.html"),
        Link("Sources", "sources.html"),
    ]


def body_start(links: Iterable[Link], *, depth: int, current: str = "") -> str:
    """What every page's body opens with: the skip link and the navigation bar."""
    return (
        '<a class="skip-link" href="#main">Skip to main content</a>\n'
        + nav_html(links, depth=depth, current=current)
        + "\n"
    )


def page(title: str, content: str, *, depth: int, current: str, links: Iterable[Link] | None = None) -> str:
    """A whole page around ``content`` (which must hold the page's one ``<h1>``)."""
    links = _site_links() if links is None else links
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)} · scomm-kit</title>\n"
        f'<link rel="stylesheet" href="{_relative("site.css", depth)}">\n'
        "</head>\n<body>\n"
        + body_start(links, depth=depth, current=current)
        + f'<main id="main">\n{content}\n</main>\n</body>\n</html>\n'
    )


# -- lessons: nbconvert with the site's frame ---------------------------------------------------

# The lab template, less everything it would fetch from a CDN (RequireJS, MathJax, Mermaid, the
# widget manager), plus the site's stylesheet, skip link and navigation. SVG outputs go in as they
# are: with skip_svg_encoding the lab template passes them through bleach, which allows no <svg>
# and so prints the chart's markup as text. The SVG is the kit's own chart from its own build.
_TEMPLATE = """\
{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_css -%}
<link rel="stylesheet" href="{{ resources.scomm_css }}">
{%- endblock html_head_css -%}
{%- block data_svg scoped -%}
<div class="jp-RenderedSVG jp-OutputArea-output {{ extra_class }}" data-mime-type="image/svg+xml">
{{ output.data['image/svg+xml'] }}
</div>
{%- endblock data_svg -%}
{%- block body_header -%}
<body class="jp-Notebook" data-jp-theme-light="true" data-jp-theme-name="JupyterLab Light">
{{ resources.scomm_body_start }}
<main id="main">
{%- endblock body_header -%}
"""
_TEMPLATE_NAME = "scomm_site.html.j2"


def exporter(version: str) -> Any:
    """nbconvert's HTML exporter for one version: inline SVG always; code shown to instructors only."""
    import jinja2
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    student = version == "student"
    # A chart's bundle holds both an <img> (for JupyterLab) and the SVG: the site inlines the SVG.
    first_svg = Config()
    first_svg.NbConvertBase.display_data_priority = [
        "image/svg+xml",
        "text/html",
        "text/markdown",
        "image/png",
        "text/plain",
    ]
    return HTMLExporter(
        config=first_svg,
        template_name="lab",
        template_file=_TEMPLATE_NAME,
        extra_loaders=[jinja2.DictLoader({_TEMPLATE_NAME: _TEMPLATE})],
        skip_svg_encoding=True,  # keeps each chart's role="img" and aria-label
        exclude_input=student,
        exclude_input_prompt=student,
        exclude_output_prompt=student,
    )


_EXERCISE_CALL = re.compile(r"""widgets\.show\(\s*\w+\s*,\s*["']([\w-]+)["']""")


def _prompts(lesson: Lesson) -> dict[str, str]:
    from scomm.exercises import definitions as exercises

    try:
        return {key: item.prompt for key, item in exercises.load_set(lesson.slug).items()}
    except exercises.ExerciseError:
        return {}


def interactive_note(exercise_id: str | None, prompt: str | None) -> str:
    """The note that stands in for an exercise's widgets, which a static page cannot show."""
    if exercise_id is None:
        what = "This part of the lesson is interactive"
    else:
        what = f"Exercise <code>{html.escape(exercise_id)}</code> is interactive"
    text = f"<p><strong>{what}:</strong> open the lesson notebook in JupyterLab to answer it.</p>"
    if prompt:
        text += f"<p>{html.escape(prompt)}</p>"
    return f'<div class="{INTERACTIVE_NOTE_CLASS}">{text}</div>'


def note_exercises(nb: Any, prompts: Mapping[str, str]) -> Any:
    """Replace every widget output (which has no state in a stored notebook) with a short note."""
    from nbformat.v4 import new_output

    result = copy.deepcopy(nb)
    for cell in result.cells:
        if cell.cell_type != "code" or not any(WIDGET_MIME in o.get("data", {}) for o in cell.outputs):
            continue
        found = _EXERCISE_CALL.search(cell.source)
        exercise_id = found.group(1) if found else None
        note = interactive_note(exercise_id, prompts.get(exercise_id or ""))
        cell.outputs = [o for o in cell.outputs if WIDGET_MIME not in o.get("data", {})]
        cell.outputs.append(new_output("display_data", data={"text/html": note}))
    return result


def _lesson_links(lesson: Lesson, version: str) -> list[Link]:
    index = LESSONS.index(lesson)
    other = "instructor" if version == "student" else "student"
    extra = []
    if index > 0:
        before = LESSONS[index - 1]
        extra.append(Link(f"Previous: {before.title}", f"lessons/{before.slug}/{version}.html"))
    if index < len(LESSONS) - 1:
        after = LESSONS[index + 1]
        extra.append(Link(f"Next: {after.title}", f"lessons/{after.slug}/{version}.html"))
    extra.append(Link(f"{other.capitalize()} version", f"lessons/{lesson.slug}/{other}.html"))
    extra.append(Link("Lesson plan", f"plans/{lesson.slug}.html"))
    return _site_links(*extra)


def lesson_page(lesson: Lesson, version: str, notebook: Path) -> str:
    """One lesson's executed build as an HTML page with the site's frame."""
    import nbformat

    nb = note_exercises(nbformat.read(notebook, as_version=4), _prompts(lesson))
    title = f"Lesson {lesson.number}: {lesson.title} ({version} version)"
    resources = {
        "metadata": {"name": f"{title} · scomm-kit"},
        "scomm_css": "../../site.css",
        "scomm_body_start": body_start(
            _lesson_links(lesson, version), depth=2, current=f"lessons/{lesson.slug}/{version}.html"
        ),
    }
    body, _ = exporter(version).from_notebook_node(nb, resources=resources)
    return body


def ensure_builds(builds: Path) -> None:
    """Build (student and instructor) every lesson whose executed build is not in ``builds`` yet."""
    from scomm import builds as scomm_builds

    missing = [
        lesson.notebook
        for lesson in LESSONS
        if not all((builds / version / f"{lesson.slug}.ipynb").is_file() for version in VERSIONS)
    ]
    if not missing:
        return
    outcomes = scomm_builds.build(missing, out=builds, progress=False)
    failed = [f"{o.output}: {o.error}" for o in outcomes if not o.ok]
    if failed:
        raise RuntimeError(
            f"cannot make the site: the lesson builds failed ({'; '.join(failed)}); run `scomm build` to see why"
        )


# -- lesson plans -------------------------------------------------------------------------------


def markdown_html(text: str, source_ids: Iterable[str] = ()) -> str:
    """Markdown as HTML; links to other ``.md`` plans point at their pages, source ids at sources.html."""
    import mistune

    rendered = mistune.create_markdown(escape=False, plugins=["table", "strikethrough"])(text)
    rendered = re.sub(r'href="([\w-]+)\.md(#[\w-]*)?"', lambda m: f'href="{m[1]}.html{m[2] or ""}"', rendered)
    known = set(source_ids)

    def cite(match: re.Match) -> str:
        key = match[1]
        return f'<a href="../sources.html#{key}">{match[0]}</a>' if key in known else match[0]

    return re.sub(r"<code>([a-z0-9][a-z0-9-]*)</code>", cite, rendered)


def plan_title(text: str, fallback: str) -> str:
    found = re.search(r"^# (.+)$", text, re.MULTILINE)
    return found[1].strip() if found else fallback


def plan_page(path: Path, source_ids: Iterable[str]) -> str:
    text = path.read_text(encoding="utf-8")
    links = _site_links(Link("Course overview", "plans/README.html"))
    return page(
        plan_title(text, path.stem),
        markdown_html(text, source_ids),
        depth=1,
        current=f"plans/{path.stem}.html",
        links=links,
    )


# -- data dictionary and sources ----------------------------------------------------------------


def read_package(data_dir: Path) -> dict:
    return json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))


def read_sources(data_dir: Path) -> list[dict[str, str]]:
    with (data_dir / "sources.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _cell(text: object) -> str:
    return f"<td>{html.escape(str(text))}</td>"


def _keys_text(keys: object) -> str:
    return ", ".join(keys) if isinstance(keys, list) else str(keys)


def resource_html(resource: Mapping) -> str:
    """One table of the data package: what it holds, its file, its fields and its keys."""
    name = resource["name"]
    schema = resource.get("schema", {})
    parts = [
        f'<section id="{html.escape(name)}" aria-labelledby="{html.escape(name)}-title">',
        f'<h2 id="{html.escape(name)}-title">{html.escape(resource.get("title", name))} '
        f"(<code>{html.escape(name)}</code>)</h2>",
        f"<p>{html.escape(resource.get('description', ''))}</p>",
        f'<p>File: <a href="{html.escape(resource["path"])}">{html.escape(resource["path"])}</a></p>',
    ]
    if "primaryKey" in schema:
        parts.append(f"<p>Primary key: <code>{html.escape(_keys_text(schema['primaryKey']))}</code></p>")
    for foreign in schema.get("foreignKeys", []):
        ref = foreign["reference"]
        target = ref["resource"]
        parts.append(
            f"<p>Foreign key: <code>{html.escape(_keys_text(foreign['fields']))}</code> refers to "
            f'<a href="#{html.escape(target)}"><code>{html.escape(target)}</code></a>'
            f".<code>{html.escape(_keys_text(ref['fields']))}</code></p>"
        )
    rows = []
    for field in schema.get("fields", []):
        constraints = field.get("constraints", {})
        rows.append(
            "<tr>"
            f'<th scope="row"><code>{html.escape(field["name"])}</code></th>'
            + _cell(field.get("type", "string"))
            + _cell("yes" if constraints.get("required") else "no")
            + _cell(", ".join(str(v) for v in constraints.get("enum", [])))
            + _cell(field.get("description", ""))
            + "</tr>"
        )
    parts.append(
        f'<table class="site-table"><caption>Fields of {html.escape(name)}</caption>'
        '<thead><tr><th scope="col">Field</th><th scope="col">Type</th><th scope="col">Required</th>'
        '<th scope="col">Allowed values</th><th scope="col">Description</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    parts.append("</section>")
    return "\n".join(parts)


def data_page(package: Mapping) -> str:
    resources = package["resources"]
    contents = "".join(
        f'<li><a href="#{html.escape(r["name"])}">{html.escape(r.get("title", r["name"]))}</a></li>'
        for r in resources
    )
    content = "\n".join(
        [
            "<h1>Data dictionary</h1>",
            f"<p>{html.escape(package.get('description', ''))}</p>",
            f'<nav aria-label="Tables"><ul>{contents}</ul></nav>',
            *(resource_html(r) for r in resources),
        ]
    )
    return page("Data dictionary", content, depth=1, current="data/index.html")


def source_html(row: Mapping[str, str]) -> str:
    """One bibliography entry, anchored by its source_id."""
    bits = [f"{html.escape(row['author'])}." if row.get("author") else ""]
    bits.append(f"<cite>{html.escape(row['title'])}</cite>.")
    bits.append(
        f"{html.escape(row['publisher'])}, {html.escape(row.get('date', ''))} ({html.escape(row['kind'])})."
    )
    if row.get("url"):
        bits.append(f'<a href="{html.escape(row["url"])}">{html.escape(row["url"])}</a>')
    extra = "".join(f"<br>{html.escape(row[key])}" for key in ("note", "licence_note") if row.get(key))
    key = html.escape(row["source_id"])
    return f'<li id="{key}"><code>{key}</code>: {" ".join(b for b in bits if b)}{extra}</li>'


def sources_page(rows: Iterable[Mapping[str, str]]) -> str:
    content = (
        "<h1>Sources</h1>\n<p>Every document the kit's facts rest on. Each entry's id is the "
        "<code>source_id</code> the data tables cite.</p>\n"
        f"<ul>\n{chr(10).join(source_html(row) for row in rows)}\n</ul>"
    )
    return page("Sources", content, depth=0, current="sources.html")


# -- home page ----------------------------------------------------------------------------------


def index_page(plans: Iterable[str]) -> str:
    rows = []
    for lesson in LESSONS:
        base = f"lessons/{lesson.slug}"
        plan = f'<a href="plans/{lesson.slug}.html">Plan</a>' if lesson.slug in plans else ""
        rows.append(
            f"<tr><td>{lesson.number}</td><th scope='row'>{html.escape(lesson.title)}</th>"
            f'<td><a href="{base}/student.html">Student version</a></td>'
            f'<td><a href="{base}/instructor.html">Instructor version</a></td><td>{plan}</td></tr>'
        )
    more = [
        '<li><a href="plans/README.html">Course overview for instructors</a></li>'
        if "README" in plans
        else "",
        '<li><a href="plans/closing_assessment.html">Closing assessment</a></li>'
        if "closing_assessment" in plans
        else "",
        '<li><a href="data/index.html">Data dictionary</a></li>',
        '<li><a href="sources.html">Sources</a></li>',
    ]
    content = "\n".join(
        [
            f"<h1>{html.escape(COURSE_TITLE)}</h1>",
            f"<p>{html.escape(COURSE_DESCRIPTION)}</p>",
            "<p>The student version shows each lesson's narrative, charts and tables; its exercises are "
            "interactive and run in JupyterLab. The instructor version adds the code and teaching notes.</p>",
            "<h2>Lessons</h2>",
            '<table class="site-table"><caption>The four lessons</caption><thead><tr>'
            '<th scope="col">#</th><th scope="col">Lesson</th><th scope="col">For students</th>'
            '<th scope="col">For instructors</th><th scope="col">Lesson plan</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>",
            "<h2>Also on this site</h2>",
            f"<ul>{''.join(more)}</ul>",
        ]
    )
    return page(COURSE_TITLE, content, depth=0, current="index.html")


# -- the build ----------------------------------------------------------------------------------


def site_files(builds: Path, plans_dir: Path, data_dir: Path) -> dict[str, bytes]:
    """Every file of the site, by its path inside the site (index.html first), as bytes."""
    package = read_package(data_dir)
    source_ids = [row["source_id"] for row in read_sources(data_dir)]
    plans = sorted(plans_dir.glob("*.md"))
    files = {
        "index.html": index_page([p.stem for p in plans]),
        "site.css": STYLESHEET,
        "sources.html": sources_page(read_sources(data_dir)),
        "data/index.html": data_page(package),
    }
    for resource in package["resources"]:
        files[f"data/{resource['path']}"] = (data_dir / resource["path"]).read_bytes()
    for plan in plans:
        files[f"plans/{plan.stem}.html"] = plan_page(plan, source_ids)
    for lesson in LESSONS:
        for version in VERSIONS:
            notebook = builds / version / f"{lesson.slug}.ipynb"
            files[f"lessons/{lesson.slug}/{version}.html"] = lesson_page(lesson, version, notebook)
    return {rel: text.encode("utf-8") if isinstance(text, str) else text for rel, text in files.items()}


def build_site(
    out: Path = SITE_DIR,
    *,
    builds: Path = BUILD_DIR,
    plans_dir: Path = PLANS_DIR,
    data_dir: Path = DATA_DIR,
    force: bool = False,
) -> list[Path]:
    """Write the course site into ``out`` and return every page and file written (index.html first).

    The lessons come from the executed builds in ``builds/student`` and ``builds/instructor``;
    any lesson missing there is built first, as ``scomm build`` would. Only files an earlier
    site build wrote are replaced or removed; a file of anyone else's in the way stops the
    build before anything is written (``outputs.OutputConflict``), unless ``force``.
    """
    from scomm.course.outputs import OutputFolder

    out, builds = Path(out), Path(builds)
    ensure_builds(builds)
    files = site_files(builds, Path(plans_dir), Path(data_dir))
    folder = OutputFolder(out, by="site", force=force)
    written = folder.commit(files)
    folder.prune(files)
    return written


def site_summary(written: list[Path], out: Path, *, seconds: float) -> str:
    pages = [path for path in written if path.suffix == ".html"]
    return f"Wrote the course site ({len(pages)} pages) in {seconds:.1f} s.\nOpen {Path(out) / 'index.html'}"
