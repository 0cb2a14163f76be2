"""The chair's consent to late circulation: the requests, the chair's answer, the mail link."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms import SelectChoice

from governance.boards.forms import options
from governance.boards.models import Person
from governance.errors import DomainError
from governance.extensions import db
from governance.papers import circulation, consent, queries
from governance.papers.blueprint import bp
from governance.papers.forms import ChairsWordForm, ConsentAnswerForm
from governance.papers.models import ConsentRequest, ConsentVia
from governance.papers.permissions import (
    can_answer_consent,
    can_record_chairs_word,
    can_view_consent,
)
from governance.viewer import signed_in
from governance.web import attempt, get_or_404, require


@bp.route("/consent-requests")
def consent_requests():
    """The requests for the chair's consent to the boards the viewer chairs."""
    require(signed_in(current_user))
    person_id = current_user.person_id
    return render_template(
        "papers/consent_requests.html",
        waiting=queries.consent_requests_for_chair(person_id, pending_only=True),
        answered=[
            r
            for r in queries.consent_requests_for_chair(person_id, pending_only=False)
            if not r.is_pending
        ],
    )


def _word_form(request: ConsentRequest) -> ChairsWordForm:
    form = ChairsWordForm(prefix="word")
    form.consent_by_id.choices = [
        SelectChoice("", "— choose —"),
        *options((p.id, p.full_name) for p in circulation.chairs(request.meeting)),
    ]
    return form


def _answer(request: ConsentRequest, form: ConsentAnswerForm, via: ConsentVia, chair: Person):
    """Grant or refuse as the form's button says; the message to show."""
    if form.grant.data:
        count = consent.grant(request, chair, via, chair.user, note=form.note.data or "")
        return f"Consent granted: the papers went out late to {count} people."
    consent.refuse(request, chair, via, chair.user, note=form.note.data or "")
    return "Consent refused: nothing was circulated, and the secretary has been told."


@bp.route("/consent-requests/<int:request_id>", methods=["GET", "POST"])
def consent_request(request_id: int):
    """One request: the chair grants or refuses it here; the secretary may record the chair's
    word given by phone, or withdraw it."""
    request = get_or_404(ConsentRequest, request_id)
    require(can_view_consent(current_user, request))
    form = ConsentAnswerForm()
    word = _word_form(request)
    if form.is_submitted() and (form.grant.data or form.refuse.data):
        require(can_answer_consent(current_user, request))
        if form.validate():
            done = attempt(
                form, lambda: _answer(request, form, ConsentVia.APP, current_user.person)
            )
            if done is not None:
                db.session.commit()
                flash(done, "success")
                return redirect(url_for("papers.consent_request", request_id=request.id))
    elif word.is_submitted() and (word.record.data or word.withdraw.data):
        require(can_record_chairs_word(current_user, request))
        if word.validate():
            done = attempt(word, lambda: _record_word(request, word))
            if done is not None:
                db.session.commit()
                flash(done, "success")
                return redirect(url_for("papers.consent_request", request_id=request.id))
    elif form.is_submitted():
        form.form_errors.append("Nothing was done: choose one of the buttons.")
    status = 400 if form.errors or form.form_errors or word.errors else 200
    return render_template("papers/consent_request.html", r=request, form=form, word=word), status


def _record_word(request: ConsentRequest, form: ChairsWordForm) -> str:
    if form.withdraw.data:
        consent.withdraw(request, current_user)
        return "Request withdrawn: nothing was circulated."
    chair = db.session.get(Person, form.consent_by_id.data) if form.consent_by_id.data else None
    count = consent.record_word_on(request, chair, current_user, note=form.note.data or "")
    return f"The chair's word is recorded: the papers went out late to {count} people."


# The mail link is the authority here: it is signed for one request and one chair, expires, and
# stops answering once the request is answered. A GET only asks; only the POST acts.
@bp.route("/consent/<token>", methods=["GET", "POST"])
def consent_link(token: str):
    """The chair's answer from the link in their mail, signed in or not."""
    try:
        request_id, person_id = consent.read_token(token)
    except consent.LinkProblem as problem:
        if problem.expired:
            return render_template("papers/consent_link_expired.html"), 410
        abort(404)
    request = db.session.get(ConsentRequest, request_id) or abort(404)
    chair = db.session.get(Person, person_id) or abort(404)
    form = ConsentAnswerForm()
    done = None
    if request.is_pending and form.validate_on_submit() and (form.grant.data or form.refuse.data):
        try:
            done = _answer(request, form, ConsentVia.MAIL_LINK, chair)
        except DomainError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
        else:
            db.session.commit()
    return render_template(
        "papers/consent_link.html", r=request, chair=chair, form=form, done=done
    ), (400 if form.errors else 200)
