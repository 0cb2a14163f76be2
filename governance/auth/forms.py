"""Sign-in, password and account forms."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from governance.fields import EmailField, StringField
from governance.web import EMAIL


class LoginForm(FlaskForm):
    email = EmailField("Email address", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1000)])
    submit = SubmitField("Sign in")


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password", validators=[DataRequired(), Length(max=1000)]
    )
    new_password = PasswordField(
        "New password",
        description="At least 12 characters. A few unrelated words make a strong password.",
        validators=[DataRequired(), Length(max=1000)],
    )
    confirm = PasswordField(
        "New password again",
        validators=[DataRequired(), EqualTo("new_password", message="The two passwords differ.")],
    )
    submit = SubmitField("Change password")


class AccountForm(FlaskForm):
    email = EmailField("Sign-in email address", validators=[DataRequired(), EMAIL, Length(max=254)])
    password = PasswordField(
        "First password",
        description="At least 12 characters; the person should change it after signing in.",
        validators=[DataRequired(), Length(max=1000)],
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
    password = PasswordField("Your password", validators=[DataRequired(), Length(max=1000)])
    submit = SubmitField("Turn off two-factor sign-in")


class NewRecoveryCodesForm(FlaskForm):
    password = PasswordField("Your password", validators=[DataRequired(), Length(max=1000)])
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
