from gongkai_web.media_accounts.tests.fixtures import (  # noqa: F401
    account,
    bureau,
    published,
    shared_dictionary,
)
from gongkai_web.organizations.tests.cast import cast, login_as  # noqa: F401
