from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from attribution import views

admin.site.site_header = "Attribution"
admin.site.site_title = "Attribution"
admin.site.index_title = "Who said what, via whom"
# The app list sits on the index page; without the sidebar, tables get the width.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("attribution.api.urls")),
    path("health/", views.health, name="health"),
    # Browsers ask for /favicon.ico whatever the page links (PDF viewers, feeds).
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"))),
    path("", include("attribution.web.urls")),
]

handler404 = "attribution.views.not_found"
handler500 = "attribution.views.server_error"
