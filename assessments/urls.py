from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:key>/respond/", views.respond, name="respond"),
    path("<slug:key>/respond/review/", views.review, name="review"),
    path("<slug:key>/respond/submit/", views.submit, name="submit"),
    path("<slug:key>/respond/<slug:section>/", views.respond_section, name="respond_section"),
    path("<slug:key>/results/", views.results, name="results"),
    path("<slug:key>/results.json", views.results_json, name="results_json"),
    path("<slug:key>/results.csv", views.results_csv, name="results_csv"),
    path("<slug:key>/results.xlsx", views.results_xlsx, name="results_xlsx"),
    path("<slug:key>/results/breakdown/", views.breakdown, name="breakdown"),
    path("<slug:key>/results/breakdown.json", views.breakdown_json, name="breakdown_json"),
    path("<slug:key>/results/breakdown.csv", views.breakdown_csv, name="breakdown_csv"),
    path("<slug:key>/results/compare/", views.compare, name="compare"),
    path("<slug:key>/results/my-agency/", views.my_agency, name="my_agency"),
    path("<slug:key>/report/", views.report, name="report"),
    path("<slug:key>/report.pdf", views.report_pdf, name="report_pdf"),
    path("<slug:key>/report.docx", views.report_docx, name="report_docx"),
    path("<slug:key>/responses/", views.responses, name="responses"),
    path("<slug:key>/responses.csv", views.responses_csv, name="responses_csv"),
    path("<slug:key>/responses.xlsx", views.responses_xlsx, name="responses_xlsx"),
    path("<slug:key>/responses/remind/", views.remind, name="remind"),
    path("<slug:key>/responses/text/", views.text_answers, name="text_answers"),
    path("<slug:key>/responses/<int:pk>/", views.response_detail, name="response_detail"),
    path("<slug:key>/responses/<int:pk>/reopen/", views.reopen, name="reopen"),
]
