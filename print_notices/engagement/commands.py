"""``carekiosk level HOME`` and ``carekiosk level assess HOME``: the engagement report at a terminal."""

from __future__ import annotations

import json
from datetime import datetime, time, timezone
from pathlib import Path

import click
from click_default_group import DefaultGroup

from sync.errors import UserError

from sync.i18n import LANGS
from sync.server.engagement.assessment import ANSWERS, QUESTIONS, Answers
from sync.server.engagement.home_report import answers_path, level_report
from sync.server.engagement.report import render_text


def _data_dir(data_dir: Path | None) -> Path:
    from sync.server.db import resolve_data_dir

    return resolve_data_dir(data_dir)


def _parse_date(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.combine(datetime.strptime(text, "%Y-%m-%d").date(), time(), tzinfo=timezone.utc)
    except ValueError:
        raise UserError(f"'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2026-01-31.") from None


def _lang_option(help_text: str):
    return click.option("--lang", type=click.Choice(LANGS), default="en", show_default=True, help=help_text)


_folder_option = click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                              help="The moderation service's data folder (default: $CAREKIOSK_HOME).")
_database_option = click.option("--database-url", default=None, metavar="URL",
                                help="The moderation service's database (default: $CAREKIOSK_DATABASE_URL, "
                                     "else the SQLite file in the data folder).")


def _data_dir_option(fn):
    return _folder_option(_database_option(fn))


@click.group(cls=DefaultGroup, default="show", default_if_no_args=False)
def level() -> None:
    """Where is a home on the nine levels of engagement with feedback?

    An indication built from the moderation service's records and the manager's short
    self-assessment, with the figure or answer behind every conclusion and the next steps.

    \b
    Examples:
      carekiosk level home_1001 --since 2026-01-01
      carekiosk level assess home_1001
      carekiosk level form --out questions.pdf
      carekiosk level form --lang cy --out holiadur.pdf
    """


@level.command("show")
@click.argument("home_id")
@click.option("--since", help="Start of the period, YYYY-MM-DD (default: 12 months ago).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--pdf", "pdf_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write a one-page PDF of the report to this file.")
@_lang_option("The language of the PDF: en or cy (Welsh). The text and --json stay English.")
@_data_dir_option
def show(home_id: str, since: str | None, as_json: bool, pdf_out: Path | None, lang: str,
         data_dir: Path | None, database_url: str | None) -> None:
    """Show a home's indicative level, why, and the next steps.

    Example:  carekiosk level home_1001 --since 2026-01-01 --pdf level.pdf --lang cy
    """
    report = level_report(_data_dir(data_dir), home_id, since=_parse_date(since), database_url=database_url)
    if pdf_out:
        from .pdf import build_level_pdf

        build_level_pdf(report.to_dict(), pdf_out, now=datetime.now(timezone.utc), lang=lang)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False, default=str))
    else:
        click.echo(render_text(report))
        if pdf_out:
            click.echo(f"\nPDF written to {pdf_out}")


@level.command("assess")
@click.argument("home_id")
@click.option("--answer", "given", multiple=True, metavar="QUESTION=yes|partly|no",
              help="Answer without being asked (for scripts), e.g. --answer team_meetings=yes.")
@_data_dir_option
def assess(home_id: str, given: tuple[str, ...], data_dir: Path | None, database_url: str | None) -> None:
    """Answer the short self-assessment for a home (six yes / partly / no questions).

    Without --answer, each question is asked in turn; press Enter to keep the earlier answer.

    Example:  carekiosk level assess home_1001
    """
    root = _data_dir(data_dir)
    from sync.server.db import Database, database_target
    from sync.server.queries.homes import exists

    with Database(database_target(root, database_url)) as db, db.read() as conn:
        if not exists(conn, home_id):
            raise UserError(f"There is no home with id {home_id}; `carekiosk admin list-homes` shows them.")
    path = answers_path(root, home_id)
    answers = Answers.load(path)
    if given:
        for item in given:
            key, _, value = item.partition("=")
            if key not in QUESTIONS:
                raise UserError(f"Unknown question '{key}'; the questions are: {', '.join(QUESTIONS)}.")
            if value not in ANSWERS:
                raise UserError(f"Answer '{key}' with yes, partly or no.")
            answers.values[key] = value
    else:
        for key, question in QUESTIONS.items():
            answers.values[key] = click.prompt(question, type=click.Choice(ANSWERS),
                                               default=answers.get(key) or "no")
    answers.answered_on = datetime.now(timezone.utc).date().isoformat()
    answers.save(path)
    click.echo(f"Saved {len(answers.values)} answers for {home_id}.")


@level.command("form")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("self-assessment.pdf"),
              show_default=True)
@_lang_option("The language of the form: en or cy (Welsh).")
def form(out: Path, lang: str) -> None:
    """Print the self-assessment questions on paper, to answer with a pen.

    Example:  carekiosk level form --out holiadur.pdf --lang cy
    """
    from .form import build_form

    click.echo(f"PDF written to {build_form(out, now=datetime.now(timezone.utc), lang=lang)}")
