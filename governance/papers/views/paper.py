"""Uploading papers, the paper page, downloads and the meeting pack."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from governance.boards.choices import organisation_choices
from governance.boards.models import Organisation
from governance.database import writes_when_read
from governance.errors import DomainError
from governance.extensions import db
from governance.meetings.forms import WithdrawForm
from governance.meetings.models import AgendaItem
from governance.meetings.permissions import can_view_item, can_view_meeting
from governance.papers import operations, queries, rules
from governance.papers.blueprint import bp
from governance.papers.files import pack, storage
from governance.papers.forms import NewVersionForm, UploadPaperForm
from governance.papers.models import OpenKind, Paper, PaperVersion
from governance.papers.permissions import (
    can_add_paper,
    can_add_version,
    can_open_version,
    can_see_drafts,
    can_see_opens,
    can_withdraw_version,
)
from governance.web import attempt, check_all, get_or_404, require, show_error

DEFAULT_MAX_PAPER_BYTES = 25 * 1024 * 1024
#: Room in a request for the form's other fields on top of the largest allowed file.
FORM_SLACK = 64 * 1024
UPLOAD_ENDPOINTS = {"papers.upload", "papers.new_version"}
#: Served files are never rendered or cached: they are downloads, not pages.
PROTECTIVE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "private, no-store",
}


def _root() -> Path:
    return Path(current_app.config["STORAGE_PATH"])


def _max_bytes() -> int:
    return int(current_app.config.get("MAX_PAPER_BYTES", DEFAULT_MAX_PAPER_BYTES))


@bp.url_value_preprocessor
def _limit_upload_size(endpoint: str | None, _values: Any) -> None:
    # URL preprocessors run before every before_request hook, CSRF's included, which reads the
    # body: setting the limit here stops a huge upload before Werkzeug spools it to disk.
    if endpoint in UPLOAD_ENDPOINTS:
        request.max_content_length = _max_bytes() + FORM_SLACK


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_error: RequestEntityTooLarge):
    message = rules.size_limit_message(_max_bytes())
    return render_template(
        "errors/error.html", code=413, title="File too large", message=message
    ), 413


def _protect(response: Response) -> Response:
    response.headers.update(PROTECTIVE_HEADERS)
    return response


def _prepare(form: UploadPaperForm | NewVersionForm) -> None:
    form.file.description = (
        f"{rules.allowed_types_label()}; up to {rules.human_size(_max_bytes())}."
    )


def _checked(form: UploadPaperForm | NewVersionForm, item: AgendaItem) -> bool:
    """On a POST: the form's own validation and the paper's rules, every problem at once."""
    if not form.is_submitted():
        return False
    valid = form.validate()
    checks = [lambda: rules.check_summary(item.purpose, form.summary.data)]
    if isinstance(form, UploadPaperForm):
        checks.insert(0, lambda: rules.check_title(form.title.data))
    return check_all(form, *checks) and valid


def _store(form: UploadPaperForm | NewVersionForm, item: AgendaItem) -> storage.StoredFile | None:
    """Check everything that could refuse the upload, then put the file on disk.

    The checks come first so a refused upload leaves no file behind: once stored, a file is
    kept, because another version may share its hash by the time we would delete it.
    """
    if not _checked(form, item):
        return None
    try:
        return storage.store(form.file.data, _root(), _max_bytes())
    except DomainError as error:
        show_error(form, error)
        return None


def _status(form: Any) -> int:
    return 400 if form.errors else 200


@bp.route("/items/<int:item_id>/papers/new", methods=["GET", "POST"])
def upload(item_id: int):
    """Upload a paper for an agenda item: its title, author, first file and summary."""
    item = get_or_404(AgendaItem, item_id)
    require(can_add_paper(current_user, item))
    form = UploadPaperForm()
    form.author_organisation_id.choices = organisation_choices()
    _prepare(form)
    if (stored := _store(form, item)) is not None:
        org_id = form.author_organisation_id.data
        author = db.session.get(Organisation, org_id) if org_id else None
        # If this write fails the stored file stays: named by its hash, it is harmless and will
        # be reused by the next upload of the same bytes.
        version = attempt(
            form,
            lambda: operations.upload_paper(
                current_user,
                item,
                form.title.data or "",
                author,
                stored,
                form.file.data.filename or "",
                form.summary.data or "",
            ),
        )
        if version is not None:
            db.session.commit()
            flash(f"Paper “{version.paper.title}” uploaded. Circulate it when ready.", "success")
            return redirect(url_for("pages.meeting", meeting_id=item.meeting_id))
    return render_template("papers/upload.html", form=form, item=item), _status(form)


@bp.route("/papers/<int:paper_id>/versions/new", methods=["GET", "POST"])
def new_version(paper_id: int):
    """Upload a new version of a paper; earlier versions stay as they were."""
    paper = get_or_404(Paper, paper_id)
    require(can_add_version(current_user, paper))
    form = NewVersionForm()
    _prepare(form)
    if request.method == "GET" and paper.latest is not None:
        form.summary.data = paper.latest.summary
    if (stored := _store(form, paper.item)) is not None:
        version = attempt(
            form,
            lambda: operations.add_version(
                current_user,
                paper,
                stored,
                form.file.data.filename or "",
                form.summary.data or "",
            ),
        )
        if version is not None:
            db.session.commit()
            flash(f"Version {version.number} of “{paper.title}” uploaded.", "success")
            return redirect(url_for("pages.meeting", meeting_id=paper.item.meeting_id))
    return render_template("papers/version_new.html", form=form, paper=paper), _status(form)


@bp.route("/papers/<int:paper_id>")
def paper(paper_id: int):
    """A paper: its summary, its versions, downloads, and (for officers) who has opened it."""
    paper = queries.paper_for_page(paper_id) or abort(404)
    meeting = paper.item.meeting
    require(can_view_item(current_user, paper.item))
    drafts = can_see_drafts(current_user, meeting)
    # Members learn of a paper when it is circulated, not while it is being drafted; one
    # circulated and since withdrawn stays, marked withdrawn, so it never silently vanishes.
    require(drafts or paper.was_circulated)
    versions = [v for v in reversed(paper.versions) if drafts or v.circulated_at is not None]
    zone = meeting.board.timezone
    live = [v for v in versions if not v.is_withdrawn]
    return render_template(
        "papers/paper.html",
        paper=paper,
        item=paper.item,
        meeting=meeting,
        versions=versions,
        newest=live[0] if live else None,
        opens=queries.openers(paper.id) if can_see_opens(current_user, meeting) else None,
        manage=can_add_version(current_user, paper),
        size=rules.human_size,
        kind=rules.kind_label,
        when=lambda instant: rules.local_time_label(instant, zone),
    )


@bp.route("/versions/<int:version_id>/withdraw", methods=["GET", "POST"])
def withdraw_version(version_id: int):
    """Withdraw a paper version (a wrong upload, say), saying why; it is kept in the record."""
    version = queries.version_with_item(version_id) or abort(404)
    require(can_withdraw_version(current_user, version))
    form = WithdrawForm()
    form.submit.label.text = "Withdraw this version"
    if form.validate_on_submit():
        done = attempt(
            form,
            lambda: operations.withdraw_version(current_user, version, form.reason.data or ""),
        )
        if done is not None:
            db.session.commit()
            flash(f"Version {version.number} of “{version.paper.title}” withdrawn.", "success")
            return redirect(url_for("papers.paper", paper_id=version.paper_id))
    zone = version.paper.item.meeting.board.timezone
    return render_template(
        "papers/withdraw.html",
        form=form,
        version=version,
        paper=version.paper,
        meeting=version.paper.item.meeting,
        file=rules.file_label(
            version.filename, version.media_type, version.size, version.uploaded_at, zone
        ),
    ), (400 if form.errors else 200)


@bp.route("/versions/<int:version_id>/download")
@writes_when_read
def download(version_id: int):
    """The file of one version, as a download that browsers will not render."""
    version = queries.version_with_item(version_id) or abort(404)
    require(can_open_version(current_user, version))
    # None too for a tampered row whose hash is not one: it names no path, so serves nothing.
    path = storage.locate(_root(), version.sha256)
    if path is None:
        current_app.logger.error("Version %s: its file is missing from storage", version.id)
        abort(404)
    response = send_file(
        path,
        mimetype=version.media_type,
        as_attachment=True,
        download_name=rules.safe_download_name(version.filename, version.media_type),
        conditional=True,
    )
    # Only whole downloads count as opening: not revalidations (304) or ranges (206); and only
    # the member's own GETs, never a HEAD or a request another site made their browser send.
    if response.status_code == 200 and current_user.is_authenticated and _own_open():
        operations.record_open(current_user, version, OpenKind.DOWNLOAD)
        db.session.commit()
    return _protect(response)


def _own_open() -> bool:
    """The request is the member opening the file themselves (see `rules.counts_as_open`)."""
    return rules.counts_as_open(request.method, request.headers.get("Sec-Fetch-Site"))


def _pack_entries(versions: list[PaperVersion]) -> list[pack.PackEntry]:
    entries = []
    for number, version in enumerate(versions, start=1):
        item, path = version.paper.item, storage.locate(_root(), version.sha256)
        name = rules.safe_download_name(version.filename, version.media_type)
        assert version.circulated_at is not None
        entries.append(
            pack.PackEntry(
                name=f"{number:02d} {name}",
                paper_title=version.paper.title,
                item_label=f"{item.position}. {item.title}",
                version=version.number,
                circulated_at=version.circulated_at,
                late_reason=version.late_reason,
                path=path or _root(),
                missing=path is None,
            )
        )
    return entries


@bp.route("/meetings/<int:meeting_id>/pack.zip", endpoint="pack")
@writes_when_read
def pack_zip(meeting_id: int):
    """Every circulated paper of the meeting the viewer may see, as one ZIP with a README."""
    meeting = queries.meeting_with_papers(meeting_id) or abort(404)
    require(can_view_meeting(current_user, meeting))
    versions = [
        version
        for item in meeting.items
        if can_view_item(current_user, item)
        for paper in item.papers
        if (version := paper.circulated) is not None
    ]
    entries = _pack_entries(versions)
    readme, filename = pack.readme(meeting, entries), pack.pack_filename(meeting)
    if current_user.is_authenticated and _own_open():
        for version, entry in zip(versions, entries, strict=True):
            if not entry.missing:
                operations.record_open(current_user, version, OpenKind.DOWNLOAD)
        db.session.commit()
    # No stream_with_context: the generator reads only the plain values and file paths built
    # above, so the request (and its database session) can end before the download does.
    response = Response(pack.stream_zip(readme, entries), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _protect(response)
