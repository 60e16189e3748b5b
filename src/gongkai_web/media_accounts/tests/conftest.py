from gongkai_web.media_accounts.tests.fixtures import account, bureau, published  # noqa: F401
from gongkai_web.organizations.tests.cast import cast, login_as  # noqa: F401
