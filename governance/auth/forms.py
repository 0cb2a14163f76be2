"""Sign-in, password and account forms."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from governance.fields import EmailField, StringField
from governance.web import EMAIL

#: What browsers and password managers may fill in (WCAG 1.3.5, identify input purpose).
CURRENT_PASSWORD = {"autocomplete": "current-password"}
NEW_PASSWORD = {"autocomplete": "new-password"}


class LoginForm(FlaskForm):
    email = EmailField(
        "Email address",
        validators=[DataRequired(), Length(max=254)],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired(), Length(max=1000)],
        render_kw=CURRENT_PASSWORD,
    )
    submit = SubmitField("Sign in")


def _new_password() -> PasswordField:
    return PasswordField(
        "New password",
        description="At least 12 characters. A few unrelated words make a strong password.",
        validators=[DataRequired(), Length(max=1000)],
        render_kw=NEW_PASSWORD,
    )


def _new_password_again() -> PasswordField:
    return PasswordField(
        "New password again",
        validators=[DataRequired(), EqualTo("new_password", message="The two passwords differ.")],
        render_kw=NEW_PASSWORD,
    )


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password",
        validators=[DataRequired(), Length(max=1000)],
        render_kw=CURRENT_PASSWORD,
    )
    new_password = _new_password()
    confirm = _new_password_again()
    submit = SubmitField("Change password")


class NewPasswordForm(FlaskForm):
    """A new password, typed twice (the page a reset link opens)."""

    new_password = _new_password()
    confirm = _new_password_again()
    submit = SubmitField("Set the new password")


def _stripped(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class ForgottenPasswordForm(FlaskForm):
    email = EmailField(
        "Email address",
        description="The address you sign in with.",
        validators=[DataRequired(), EMAIL, Length(max=254)],
        filters=[_stripped],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )
    submit = SubmitField("Send me a link")


class AccountForm(FlaskForm):
    email = EmailField(
        "Sign-in email address",
        validators=[DataRequired(), EMAIL, Length(max=254)],
        render_kw={"autocomplete": "off"},  # someone else's address: not the admin's own
    )
    password = PasswordField(
        "First password",
        description="At least 12 characters; the person should change it after signing in.",
        validators=[DataRequired(), Length(max=1000)],
        render_kw=NEW_PASSWORD,
    )
    is_admin = BooleanField("Administrator")
    is_auditor = BooleanField("Auditor (read-only, sees everything)")
    submit = SubmitField("Create login")


class CodeForm(FlaskForm):
    code = StringField(
        "Code",
        description="The 6-digit code your authenticator app shows now, or a recovery code.",
        validators=[DataRequired(), Length(max=32)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True},
    )
    submit = SubmitField("Continue")


class EnrolForm(FlaskForm):
    code = StringField(
        "Code from your app",
        description="After adding the account to your app, enter the 6-digit code it shows.",
        validators=[DataRequired(), Length(max=32)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )
    submit = SubmitField("Turn on two-factor sign-in")


class TwoFactorOffForm(FlaskForm):
    password = PasswordField(
        "Your password", validators=[DataRequired(), Length(max=1000)], render_kw=CURRENT_PASSWORD
    )
    submit = SubmitField("Turn off two-factor sign-in")


class NewRecoveryCodesForm(FlaskForm):
    password = PasswordField(
        "Your password", validators=[DataRequired(), Length(max=1000)], render_kw=CURRENT_PASSWORD
    )
    submit = SubmitField("Make new recovery codes")


class SignOutEverywhereForm(FlaskForm):
    submit = SubmitField("Sign out everywhere")


class SecurityPolicyForm(FlaskForm):
    require_two_factor_for_officers = BooleanField(
        "Administrators and board secretaries must use two-factor sign-in",
        description="Those without it are made to set it up when they next sign in.",
    )
    submit = SubmitField("Save")


class ResetTwoFactorForm(FlaskForm):
    submit = SubmitField("Reset two-factor sign-in")
