import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_serves_the_home_page_in_chinese(client):
    response = client.get(reverse("ui:home"))

    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hans"
    page = response.content.decode()
    assert '<html lang="zh-Hans">' in page
    assert "政府信息公开工作平台" in page
    assert "《中华人民共和国政府信息公开条例》" in page


def test_it_links_the_home_page_to_the_public_entry_points_and_the_login(client):
    page = client.get(reverse("ui:home")).content.decode()

    for name in ("annual_reports:index", "login", "cases:apply", "cases:track", "portal:index"):
        assert f'class="button" href="{reverse(name)}"' in page or (
            f'class="button secondary" href="{reverse(name)}"' in page
        ), name


def test_it_serves_htmx_and_the_stylesheet_from_the_app_itself(client):
    page = client.get(reverse("ui:home")).content.decode()

    assert 'src="/static/django_htmx/htmx-2.min.js"' in page
    assert 'href="/static/ui/gongkai.css"' in page
    assert "http://" not in page.replace("http://testserver", "")
    assert "https://" not in page


def test_it_serves_the_vendored_htmx_file(client):
    from django.contrib.staticfiles import finders

    assert finders.find("django_htmx/htmx-2.min.js"), "django-htmx no longer ships htmx-2.min.js"


def test_it_shows_the_login_form_in_chinese(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert "用户名" in response.content.decode()
