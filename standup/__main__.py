from standup.cli import run

run()
