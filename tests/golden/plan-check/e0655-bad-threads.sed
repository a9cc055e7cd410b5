s/ threads 2/ threads 999/
