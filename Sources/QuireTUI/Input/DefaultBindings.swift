/// The shipped key bindings, as the commented file `quire binds print` prints.
///
/// A user's `$XDG_CONFIG_HOME/quire/binds.conf` is read on top of this: it only needs the lines
/// it changes. The format is described in quire-binds(5).
public enum DefaultBindings {
    /// The name errors in this file report.
    public static let fileName = "<default binds.conf>"

    public static let text = #"""
        # quire key bindings (quire-binds(5)).
        #
        # Copy the lines you want to change into ~/.config/quire/binds.conf; that file is read
        # on top of this one. Each line is `keys = command`: keys in <C-d>/<Up>/g g notation,
        # commands as typed after `:`. An empty command (`x =`) or `unbind x` removes a
        # binding. [list], [reader], [addressbook] and [table] also use [global]; [composer] and
        # [prompt] do not, so typing there is never taken for a command.

        [global]
        q = quit
        <C-z> = suspend
        <C-l> = redraw
        ? = help keys
        <F1> = help
        : = command-line
        / = search
        n = search-next
        N = search-previous
        <Tab> = next-site
        <S-Tab> = previous-site
        g t = next-site
        g T = previous-site
        A = address-book
        c = compose

        [list]
        j = down
        <Down> = down
        k = up
        <Up> = up
        <C-d> = half-page-down
        <C-u> = half-page-up
        <C-f> = page-down
        <PgDn> = page-down
        <C-b> = page-up
        <PgUp> = page-up
        g g = first
        <Home> = first
        G = last
        <End> = last
        <Enter> = open
        l = open
        <Right> = open
        r = reply
        R = reply-all
        f = forward
        t = command-line "tag "
        T = command-line "untag "
        U = toggle-read
        <Space> = mark
        s = command-line "sort "
        v = command-line "view "

        [reader]
        q = close
        <Esc> = close
        h = close
        <Left> = close
        j = down
        <Down> = down
        k = up
        <Up> = up
        <Space> = page-down
        <C-f> = page-down
        <PgDn> = page-down
        <C-b> = page-up
        <PgUp> = page-up
        <C-d> = half-page-down
        <C-u> = half-page-up
        g g = first
        <Home> = first
        G = last
        <End> = last
        J = next-message
        K = previous-message
        ] = next-slide
        <lt> = previous-slide
        > = next-slide
        s = all-slides
        L = link-hints
        o = command-line "follow-link "
        a = command-line "open-attachment "
        S = command-line "save-attachment "
        F = fill-form
        r = reply
        R = reply-all
        f = forward
        t = command-line "tag "
        T = command-line "untag "
        U = toggle-read

        [composer]
        <C-x> y = send
        <C-x> d = save-draft
        <C-x> e = editor
        <C-x> a = command-line "attach "
        <C-x> f = command-line "attach-form "
        <C-x> p = preview
        <Esc> = cancel
        <C-z> = suspend
        <C-l> = redraw
        <Left> = cursor-left
        <Right> = cursor-right
        <Up> = cursor-up
        <Down> = cursor-down
        <C-b> = cursor-left
        <C-f> = cursor-right
        <C-p> = cursor-up
        <C-n> = cursor-down
        <A-b> = word-left
        <A-f> = word-right
        <C-a> = line-start
        <Home> = line-start
        <C-e> = line-end
        <End> = line-end
        <PgUp> = text-start
        <PgDn> = text-end
        <BS> = delete-backward
        <Del> = delete-forward
        <C-d> = delete-forward
        <C-w> = delete-word-backward
        <A-d> = delete-word-forward
        <C-u> = cut-to-line-start
        <C-k> = cut-to-line-end
        <A-k> = cut-line
        <C-y> = paste
        <C-_> = undo
        <C-r> = redo
        <Enter> = newline
        <Tab> = complete

        [prompt]
        <Enter> = submit
        <Esc> = cancel
        <C-c> = cancel
        <C-g> = cancel
        <Tab> = complete
        <Up> = history-previous
        <Down> = history-next
        <C-p> = history-previous
        <C-n> = history-next
        <Left> = cursor-left
        <Right> = cursor-right
        <C-b> = cursor-left
        <C-f> = cursor-right
        <A-b> = word-left
        <A-f> = word-right
        <C-a> = line-start
        <Home> = line-start
        <C-e> = line-end
        <End> = line-end
        <BS> = delete-backward
        <Del> = delete-forward
        <C-d> = delete-forward
        <C-w> = delete-word-backward
        <A-d> = delete-word-forward
        <C-u> = cut-to-line-start
        <C-k> = cut-to-line-end
        <C-y> = paste

        [addressbook]
        q = close
        <Esc> = close
        j = down
        <Down> = down
        k = up
        <Up> = up
        <C-d> = half-page-down
        <C-u> = half-page-up
        g g = first
        G = last
        <Enter> = open
        a = accept
        i = ignore
        b = block
        p = command-line "ping "
        c = compose

        [table]
        q = close
        <Esc> = close
        j = down
        <Down> = down
        k = up
        <Up> = up
        <C-d> = half-page-down
        <C-u> = half-page-up
        <C-f> = page-down
        <PgDn> = page-down
        <C-b> = page-up
        <PgUp> = page-up
        g g = first
        G = last
        h = column-left
        <Left> = column-left
        l = column-right
        <Right> = column-right
        s = sort-column
        / = command-line "filter "
        e = command-line "export "
        <Enter> = open

        """#
}
