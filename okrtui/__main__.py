from okrtui.cli.entry import run

run()
