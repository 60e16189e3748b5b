import pytest
from django.conf import settings

from gongkai_web.media_accounts import demo, selectors
from gongkai_web.media_accounts.models import Post, PostEvent
from gongkai_web.organizations.models import Agency


@pytest.fixture
def demo_matrix(db):
    demo.load()
    return Agency.objects.get(name="新华区教育局")


def test_it_gives_the_seed_report_s_numbers_for_2024(demo_matrix):
    counts = selectors.year_counts(demo_matrix, 2024)
    posts = settings.GONGKAI_DEMO_POSTS  # 2,135 in the demo; fewer in the tests' demo
    assert (counts.accounts_open, counts.posts_published, counts.posts_flagged) == (23, posts, 0)
    assert selectors.year_counts(demo_matrix, 2025).posts_published == 0


def test_it_gives_every_demo_post_a_full_record_and_loads_once(demo_matrix):
    posts = settings.GONGKAI_DEMO_POSTS
    assert PostEvent.objects.exclude(slot="").count() == 6 * posts
    assert PostEvent.objects.filter(action="publish").count() == posts
    assert demo.load() == []
    assert Post.objects.count() == posts


def test_it_counts_a_school_alone(demo_matrix):
    school = Agency.objects.get(name="新华区实验小学")
    counts = selectors.year_counts(school, 2024)
    assert counts.accounts_open == 1
    assert counts.posts_published >= 1
