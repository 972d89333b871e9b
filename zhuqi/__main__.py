import sys

from zhuqi.cli import main

sys.exit(main())
