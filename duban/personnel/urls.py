from django.urls import path

from duban.personnel import views

app_name = "personnel"

urlpatterns = [
    path("", views.home, name="home"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/review/", views.review, name="review"),
    path("roster/", views.roster, name="roster"),
    path("vacancies/", views.vacancies, name="vacancies"),
    path("probation/", views.probation, name="probation"),
    path("notice/", views.notice, name="notice"),
    # Sections of the unit page (units:unit), which cannot import the apps built on the directory.
    path("units/<int:pk>/leaders/", views.unit_leaders, name="unit_leaders"),
    path("units/<int:pk>/responsibilities/", views.unit_responsibilities, name="unit_responsibilities"),
]
