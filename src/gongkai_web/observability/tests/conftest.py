from gongkai_web.organizations.tests.cast import cast, login_as  # noqa: F401
