"""Put first on PYTHONPATH by tests/serve/conftest.py: every Python process a test server
starts (the server and its engine processes) runs under the test network guard. A test that
sets NARRATE_TEST_FAKE_INTERNET (tests/serve/test_ssrf.py) gets its pretend internet on top of
the guard: names answered from its table, public addresses routed to sites on 127.0.0.1, which
the guard, underneath, still checks are loopback."""

from tests.readers.fake_internet import install_from_environment
from tests.serve.network_guard import install_network_guard

install_network_guard()
install_from_environment()
