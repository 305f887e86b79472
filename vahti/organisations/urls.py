from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/second-factor/", views.second_factor, name="second_factor"),
    path("account/second-factor/", views.second_factor_setup, name="second_factor_setup"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", views.account, name="account"),
    path("account/api-tokens/", views.api_token_new, name="api_token_new"),
    path(
        "account/api-tokens/<int:token_id>/revoke/",
        views.api_token_revoke,
        name="api_token_revoke",
    ),
    path("account/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("account/logout-everywhere/", views.logout_everywhere, name="logout_everywhere"),
    path("users/", views.user_list, name="users"),
    path("users/new/", views.user_new, name="user_new"),
    path("users/<int:user_id>/", views.user_edit, name="user_edit"),
    path("sites/new/", views.site_edit, name="site_new"),
    path("sites/<int:site_id>/", views.site_edit, name="site_edit"),
]
