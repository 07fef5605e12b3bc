# The JupyterHub configuration of the real-hub test (tests/test_hub.py) and the class-start
# benchmark (benchmarks/hub_class.py). harness.py starts `jupyterhub -f` this file and gives the
# values of one run in the environment: a folder, three free ports, the users, a run mark.
# Everything listens on 127.0.0.1 only.
import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821  (JupyterHub defines get_config when it reads this file)

folder = Path(os.environ["SCOMM_HUB_DIR"])
proxy_port, hub_port, api_port = os.environ["SCOMM_HUB_PORTS"].split(",")
kit_bin = Path(sys.executable).parent  # the kit's venv: the hub and every student's server run from it

c.JupyterHub.bind_url = f"http://127.0.0.1:{proxy_port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(hub_port)
c.JupyterHub.db_url = f"sqlite:///{folder / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(folder / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(folder / "jupyterhub.pid")
# The proxy from npm (make hub-node installs .hub-node/ from its lock file).
c.ConfigurableHTTPProxy.command = [os.environ["SCOMM_HUB_PROXY"]]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.pid_file = str(folder / "proxy.pid")

# Logins: one class password (the shared-password authenticator), only the listed students.
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ["SCOMM_HUB_PASSWORD"]
c.Authenticator.allowed_users = set(os.environ["SCOMM_HUB_USERS"].split(","))

# One server per student, each in a home folder of its own under this run's folder. The machine
# runs everything as root, and the test must not add system accounts to it (they would outlive
# the run and need cleaning up): SimpleLocalProcessSpawner runs each student's server as the
# hub's own user, with HOME and the working folder set to that student's home. What the kit sees
# (HOME, JUPYTERHUB_USER, its answers folder) is what it sees under TLJH's system users; only the
# files' owner differs (root here, the student there).
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(folder / "homes" / "{username}")
c.Spawner.cmd = [str(kit_bin / "jupyterhub-singleuser")]
c.Spawner.args = [
    "--ServerApp.allow_root=True",  # as root, Jupyter refuses to start without it
    "--LabApp.expose_app_in_browser=True",  # window.jupyterapp, for the browser's waits
]
c.Spawner.default_url = "/lab"
c.Spawner.ip = "127.0.0.1"
# Twenty servers starting at once on two shared cores take a while.
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300
# The image (the kit's environment) is set up as lessons/deployment.md tells an administrator:
# harness.prepare_image runs the guide's lines before the hub starts (JupyterLab offline, every
# cell of a notebook laid out).
# Nothing of the kit is configured: under a hub it takes the student from JUPYTERHUB_USER and keeps
# answers in ~/scomm-responses by itself (scomm.course.hub).
c.Spawner.environment = {
    # Every server and kernel of this run carries the mark, so the harness finds what is left.
    "SCOMM_HUB_RUN": os.environ["SCOMM_HUB_RUN"],
}
