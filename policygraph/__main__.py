from policygraph.cli import main

main()
