from django.contrib import admin
from django.urls import include, path

from attribution import views

admin.site.site_header = "Attribution"
admin.site.site_title = "Attribution"
admin.site.index_title = "Who said what, via whom"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("attribution.api.urls")),
    path("health/", views.health, name="health"),
    path("", include("attribution.web.urls")),
]

handler400 = "attribution.views.bad_request"
handler403 = "attribution.views.permission_denied"
handler404 = "attribution.views.not_found"
handler500 = "attribution.views.server_error"
