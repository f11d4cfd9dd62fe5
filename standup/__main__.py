from standup.cli import main

raise SystemExit(main())
