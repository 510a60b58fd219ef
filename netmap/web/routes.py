"""The web pages and pictures: clients of the GraphQL API (see page_kit) or, for
mapping with a person and a group's register, of the services (see service_kit)."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from netmap.web.admin_pages import caseloads_page, revoke_page, tokens_page
from netmap.web.directory_pages import activity_page, directory_page, edit_activity_page, new_activity_page
from netmap.web.export_routes import service_network
from netmap.web.mapping_pages import (
    consent_post,
    group_post,
    map_page,
    new_contact_post,
    record_change_post,
    record_page,
    tie_post,
)
from netmap.web.page_kit import render
from netmap.web.register_pages import attendance_post, newcomer_post, register_page, volunteering_post
from netmap.web.people_pages import people_page, person_page
from netmap.web.picture_routes import circles_image, trend_image
from netmap.web.reflection_pages import action_status_page, new_reflection_page, reflection_page, reflections_page
from netmap.web.review_pages import reviewed_page
from netmap.web.service_pages import dashboard_page, services_page
from netmap.web.session import sign_in, sign_out


async def home(request: Request) -> Response:
    return render(request, "home.html")


FORM = ["GET", "POST"]

PAGES = [
    Route("/", home),
    Route("/sign-in", sign_in, methods=FORM),
    Route("/sign-out", sign_out, methods=["POST"]),
    Route("/people", people_page),
    Route("/people/{id}", person_page),
    Route("/people/{id}/reviewed", reviewed_page, methods=["POST"]),
    Route("/people/{id}/map", map_page),
    Route("/people/{id}/map/consent", consent_post, methods=["POST"]),
    Route("/people/{id}/map/ties", tie_post, methods=["POST"]),
    Route("/people/{id}/map/contacts", new_contact_post, methods=["POST"]),
    Route("/people/{id}/map/groups", group_post, methods=["POST"]),
    Route("/people/{id}/map/{kind:str}/{record}", record_page),
    Route("/people/{id}/map/{kind:str}/{record}/{change}", record_change_post, methods=["POST"]),
    Route("/services", services_page),
    Route("/services/{id}", dashboard_page),
    Route("/services/{id}/reflections", reflections_page),
    Route("/services/{id}/reflections/new", new_reflection_page, methods=FORM),
    Route("/reflections/{id}", reflection_page),
    Route("/reflections/{id}/actions/{action}/status", action_status_page, methods=["POST"]),
    Route("/directory", directory_page),
    Route("/directory/new", new_activity_page, methods=FORM),
    Route("/directory/{id}", activity_page),
    Route("/directory/{id}/edit", edit_activity_page, methods=FORM),
    Route("/directory/{id}/register", register_page),
    Route("/directory/{id}/register/attendance", attendance_post, methods=["POST"]),
    Route("/directory/{id}/register/newcomer", newcomer_post, methods=["POST"]),
    Route("/directory/{id}/register/volunteering", volunteering_post, methods=["POST"]),
    Route("/pictures/people/{id}/circles.{format}", circles_image),
    Route("/pictures/services/{id}/trend.{format}", trend_image),
    Route("/exports/services/{id}/{name}", service_network),
    Route("/admin/tokens", tokens_page, methods=FORM),
    Route("/admin/tokens/{id}/revoke", revoke_page, methods=["POST"]),
    Route("/admin/caseloads", caseloads_page, methods=FORM),
    Mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static"),
]
