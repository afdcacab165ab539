"""Sign-in (throttled), sign-out and password reset by email: Django's auth views with
this site's templates."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from compliance.web import throttle
from compliance.web.forms import ResetPasswordForm, SignInForm


class SignInView(auth_views.LoginView):
    template_name = "registration/login.html"
    form_class = SignInForm
    redirect_authenticated_user = True
    next_page = reverse_lazy("dashboard")  # when the sign-in link carries no ?next=

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if getattr(form, "throttled", False):
            response.status_code = 429
        return response


class SignOutView(auth_views.LogoutView):
    next_page = reverse_lazy("signin")

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, "You have signed out.")
        return response


class ResetPasswordView(auth_views.PasswordResetView):
    template_name = "registration/password_reset_form.html"
    form_class = ResetPasswordForm
    subject_template_name = "registration/password_reset_subject.txt"
    email_template_name = "registration/password_reset_email.txt"
    html_email_template_name = "registration/password_reset_email.html"

    def form_valid(self, form):
        address = throttle.client_address(self.request)
        if not throttle.password_reset_allowed(address=address):
            form.add_error(
                None,
                "Too many password reset requests from this connection. "
                f"Wait {throttle.lockout_minutes()} minutes and try again.",
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


class ResetPasswordDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class ResetPasswordConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        # A new password ends any sign-in lock on the account.
        throttle.reset_account_lock(username=form.user.get_username())
        return response


class ResetPasswordCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"
