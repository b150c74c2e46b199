import TMTPServer
