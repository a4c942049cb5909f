import pytest

# Shared helpers under tests/support/ assert too: rewrite them as pytest rewrites test modules.
pytest.register_assert_rewrite("tests.support")
