import sys

from privacy_desk.cli import main

sys.exit(main())
