from django.urls import path

from sharing import views

app_name = "sharing"

urlpatterns = [
    path("", views.index, name="index"),
    path("frameworks/<slug:slug>/", views.framework_detail, name="framework_detail"),
    path("advisor/", views.advisor, name="advisor"),
    path("advice.json", views.advice_json, name="advice_json"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/edit/<slug:step>/", views.request_step, name="request_step"),
    path("requests/<int:pk>/versions/", views.request_versions, name="request_versions"),
    path("requests/<int:pk>/assign/", views.assign, name="assign"),
    path("requests/<int:pk>/actions/", views.request_action, name="request_action"),
    path("requests/<int:pk>/comments/", views.request_comment, name="request_comment"),
    path("requests/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path(
        "requests/<int:pk>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("requests/<int:pk>/destruction/", views.certify_destruction, name="certify_destruction"),
    path(
        "requests/<int:pk>/destruction/certificate.pdf",
        views.destruction_certificate,
        name="destruction_certificate",
    ),
    path("requests/<int:pk>/clauses/", views.clause_preview, name="clause_preview"),
    path("requests/<int:pk>/agreement.docx", views.agreement_docx, name="agreement_docx"),
    path("register/", views.register, name="register"),
    path("register.csv", views.register_csv, name="register_csv"),
    path("register.json", views.register_json, name="register_json"),
    path("register.xlsx", views.register_xlsx, name="register_xlsx"),
    path("register/matrix/", views.register_matrix, name="register_matrix"),
]
