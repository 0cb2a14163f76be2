"""Sign-in, password and account forms."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

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
