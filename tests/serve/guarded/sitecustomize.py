"""Put first on PYTHONPATH by tests/serve/conftest.py: every Python process a test server
starts (the server and its engine processes) runs under the test network guard."""

from tests.serve.network_guard import install_network_guard

install_network_guard()
