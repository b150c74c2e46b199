import TMTP
