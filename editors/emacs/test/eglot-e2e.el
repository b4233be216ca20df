;;; eglot-e2e.el --- Batch test: editors/emacs/notelint.el + Eglot + notelint lsp  -*- lexical-binding: t; -*-

;; NOTELINT_BIN=target/debug/notelint NOTELINT_SEED=../shared/seeds/004_*.txt \
;;   emacs --batch -Q -l editors/emacs/test/eglot-e2e.el
;;
;; Every wait is bounded; prints "ok - ..." / "FAIL - ..." and "N passed, N failed".

;;; Code:

(require 'package)
;; -Q leaves out site-lisp; Debian's elpa-eglot lives in site-lisp/elpa.
(when (file-directory-p "/usr/share/emacs/site-lisp/elpa")
  (add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa"))
(package-initialize)
(require 'eglot)
(require 'flymake)
(require 'cl-lib)

(defvar e2e-dir (file-name-directory (or load-file-name buffer-file-name)))
(load (expand-file-name "../notelint.el" e2e-dir) nil t)

;; Relative paths are relative to where Emacs started (find-file moves
;; default-directory later).
(defvar e2e-bin (expand-file-name (or (getenv "NOTELINT_BIN") (error "set NOTELINT_BIN"))))
(defvar e2e-seed (expand-file-name (or (getenv "NOTELINT_SEED") (error "set NOTELINT_SEED"))))
(defvar e2e-passed 0)
(defvar e2e-failed 0)

;; The user's snippet says ("notelint" "lsp"); the test runs the binary under test.
(setf (alist-get 'talknote-mode eglot-server-programs) (list e2e-bin "lsp"))
(setq eglot-sync-connect 10
      eglot-connect-timeout 20
      eglot-autoshutdown nil
      eglot-events-buffer-size 0
      flymake-no-changes-timeout 0.2)

(defmacro e2e-check (name &rest body)
  (declare (indent 1))
  `(condition-case err
       (progn ,@body
              (setq e2e-passed (1+ e2e-passed))
              (princ (format "ok - %s\n" ,name)))
     (error (setq e2e-failed (1+ e2e-failed))
            (princ (format "FAIL - %s: %s\n" ,name (error-message-string err))))))

(defun e2e-wait (what secs pred)
  "Run timers and process output until PRED is non-nil, at most SECS seconds."
  (let ((deadline (+ (float-time) secs)) result)
    (while (and (not (setq result (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05)
      ;; Batch Emacs has no command loop and is never idle: do what the
      ;; command loop would after a command and once the user stops typing
      ;; (Eglot sends didChange, and Flymake asks for a check, on idle timers).
      (run-hooks 'post-command-hook)
      (dolist (timer (copy-sequence timer-idle-list))
        (when (memq timer timer-idle-list)
          (timer-event-handler timer))))
    (or result (error "timed out after %ss waiting for %s" secs what))))

(defvar e2e-tmp nil "The temporary workspace, removed at the end.")

(defun e2e-finish ()
  (when e2e-tmp (ignore-errors (delete-directory e2e-tmp t)))
  (princ (format "emacs e2e: %d passed, %d failed\n" e2e-passed e2e-failed))
  (princ (format "%d passed, %d failed\n" e2e-passed e2e-failed))
  (kill-emacs (if (and (= e2e-failed 0) (> e2e-passed 0)) 0 1)))

(defun e2e-line-diags (needle line)
  (cl-remove-if-not
   (lambda (d)
     (and (string-match-p (regexp-quote needle) (flymake-diagnostic-text d))
          (or (null line)
              (= line (line-number-at-pos (flymake-diagnostic-beg d))))))
   (flymake-diagnostics)))

;; A workspace (a transient project, so Eglot asks nothing) with the seed.
(let* ((dir (file-name-as-directory (make-temp-file "notelint-eglot-" t)))
       (note (expand-file-name "proposals.talk" dir)))
  (setq e2e-tmp dir)
  (copy-file e2e-seed note t)
  (set-file-modes note #o644)
  (add-hook 'project-find-functions (lambda (_) (cons 'transient dir)))
  (find-file note))

(e2e-check "*.talk opens in talknote-mode with // comments and tabs"
  (unless (eq major-mode 'talknote-mode) (error "major mode is %s" major-mode))
  (unless (equal comment-start "// ") (error "comment-start is %S" comment-start))
  (unless indent-tabs-mode (error "indent-tabs-mode is off")))

(defvar e2e-server nil)
(e2e-check "eglot-ensure (from the mode hook) connects to notelint lsp"
  (setq e2e-server (e2e-wait "an Eglot server" 20 (lambda () (eglot-current-server))))
  (e2e-wait "the buffer to be managed" 10 (lambda () (bound-and-true-p eglot--managed-mode))))
(unless e2e-server (e2e-finish))

(e2e-check "diagnostics: missing-author on \"Magic Considered Harmful?\" (line 43)"
  (e2e-wait "a missing-author diagnostic on line 43" 20
            (lambda () (e2e-line-diags "no speaker" 43))))

(e2e-check "diagnostics: incomplete-proposal on line 55"
  (e2e-wait "incomplete-proposal on line 55" 10
            (lambda () (e2e-line-diags "no Abstract or Bio" 55))))

(e2e-check "document symbols: 16 talks"
  (let ((syms (jsonrpc-request e2e-server :textDocument/documentSymbol
                               (list :textDocument (eglot--TextDocumentIdentifier)))))
    (unless (= (length syms) 16) (error "got %d symbols" (length syms)))
    (unless (equal (plist-get (aref syms 2) :name) "Magic Considered Harmful?")
      (error "third symbol is %S" (plist-get (aref syms 2) :name)))))

(e2e-check "imenu (Eglot's, from documentSymbol) lists the talks"
  (let ((index (funcall imenu-create-index-function)))
    (unless (assoc "Magic Considered Harmful?" (flatten-tree (mapcar (lambda (e) (if (consp e) (car e) e)) index)))
      ;; Eglot 1.9 groups by symbol kind: look one level down as well.
      (unless (cl-some (lambda (group)
                         (and (consp group) (listp (cdr group))
                              (assoc "Magic Considered Harmful?" (cdr group))))
                       index)
        (error "no talk in imenu index: %S" (mapcar #'car index))))))

(e2e-check "speaker completion through completion-at-point after \"Author: Al\""
  (goto-char (point-min))
  (forward-line 46)                     ; the blank line after the meta line of talk 3
  (insert "Author: Al\n")
  (forward-line -1)
  (end-of-line)
  (let* ((capf (eglot-completion-at-point))
         (table (nth 2 capf))
         (cands (all-completions "Al" table)))
    (unless (member "Alex Martelli" cands) (error "candidates: %S" cands))))

(e2e-check "after the edit the talk has a speaker: missing-author goes away"
  (e2e-wait "missing-author to disappear" 10
            (lambda () (null (e2e-line-diags "no speaker" nil)))))

(e2e-check "replacing a line (two content changes in one didChange) keeps diagnostics right"
  ;; Eglot batches the changes made between two flushes into one didChange;
  ;; the server must apply them in order. Turn the speaker line into a comment.
  (goto-char (point-min))
  (forward-line 46)
  (delete-region (line-beginning-position) (line-end-position))
  (insert "// speaker to be confirmed")
  (unless (= 2 (length eglot--recent-changes))
    (error "expected 2 pending changes, Eglot holds %d" (length eglot--recent-changes)))
  (e2e-wait "missing-author to come back on line 43" 10
            (lambda () (e2e-line-diags "no speaker" 43)))
  (let ((stray (e2e-line-diags "stray" 47)))
    (when stray (error "the comment line is reported: %s" (flymake-diagnostic-text (car stray))))))

;; Import: files that are not talk notes, converted through the same server.
(defvar e2e-fixtures (expand-file-name "../../fixtures/" e2e-dir))
(defvar e2e-note-buffer (current-buffer))

(defun e2e-cli-import (text)
  "What `notelint import -' prints for TEXT: (OK . OUTPUT-OR-ERROR)."
  (with-temp-buffer
    (insert text)
    (let* ((err-file (make-temp-file "notelint-import-err"))
           (status (call-process-region (point-min) (point-max) e2e-bin t (list t err-file) nil "import" "-"))
           (err (with-temp-buffer (insert-file-contents err-file) (buffer-string))))
      (delete-file err-file)
      (if (eq status 0) (cons t (buffer-string)) (cons nil err)))))

(defun e2e-cli-import-stderr (text)
  "What `notelint import -' writes to stderr for TEXT."
  (with-temp-buffer
    (insert text)
    (let ((err-file (make-temp-file "notelint-import-err")))
      (call-process-region (point-min) (point-max) e2e-bin t (list nil err-file) nil "import" "-")
      (prog1 (with-temp-buffer (insert-file-contents err-file) (buffer-string))
        (delete-file err-file)))))

(defun e2e-open-fixture (name)
  (let ((file (expand-file-name name e2e-tmp)))
    (copy-file (expand-file-name name e2e-fixtures) file t)
    (set-file-modes file #o644)
    (find-file file)
    (when (derived-mode-p 'talknote-mode) (error "%s opened in talknote-mode" name))
    (current-buffer)))

(e2e-check "notelint-import converts a schedule export with an unsaved edit into a new talknote-mode buffer, as notelint import does"
  (let* ((src (e2e-open-fixture "schedule.xml")))
    (goto-char (point-min))
    (search-forward "Why Software Breaks")
    (insert " Again")
    (let* ((want (e2e-cli-import (buffer-string)))
           (out (notelint-import)))
      (unless (car want) (error "notelint import failed: %s" (cdr want)))
      (unless (string-match-p "Why Software Breaks Again" (cdr want)) (error "the CLI did not import the edit"))
      (unless (eq (current-buffer) out) (error "the new buffer is not current"))
      (unless (equal (buffer-string) (cdr want))
        (error "buffer differs from notelint import:\n%s\n---\n%s" (buffer-string) (cdr want)))
      (unless (eq major-mode 'talknote-mode) (error "major mode is %s" major-mode))
      (when buffer-file-name (error "the new buffer visits %s" buffer-file-name))
      (with-current-buffer src
        (unless (buffer-modified-p) (error "the XML buffer was saved"))
        (when (bound-and-true-p eglot--managed-mode) (error "Eglot manages the XML buffer"))))
    (switch-to-buffer e2e-note-buffer)))

(e2e-check "notelint-import on blog-style notes (.txt) agrees with notelint import"
  (let* ((src (e2e-open-fixture "blog-notes.txt"))
         (want (e2e-cli-import (buffer-string))))
    (if (and (car want) (not (string-empty-p (cdr want))))
        (progn (notelint-import)
               (unless (equal (buffer-string) (cdr want))
                 (error "buffer differs from notelint import:\n%s\n---\n%s" (buffer-string) (cdr want))))
      ;; Where the CLI converts nothing, the editor says why and opens
      ;; nothing. (Blog notes read as talk-note markup until the text shapes
      ;; are detected.)
      (let* ((err (e2e-cli-import-stderr (buffer-string)))
             (reason (if (string-match-p "already talk-note markup" err)
                         "already talk-note markup"
                       (replace-regexp-in-string
                        "\\`notelint: <stdin>: *" ""
                        (car (last (split-string (string-trim err) "\n"))))))
             (msg (condition-case err (progn (notelint-import) nil)
                    (user-error (error-message-string err)))))
        (unless msg (error "the editor imported what notelint import refused"))
        (unless (string-match-p (regexp-quote reason) msg)
          (error "the message %S does not give the CLI's reason %S" msg reason))
        (unless (eq (current-buffer) src) (error "a buffer was opened"))))
    (switch-to-buffer e2e-note-buffer)))

(e2e-check "quick fix \"Convert to talk-note markup\" on a .talk file in another shape rewrites it as notelint import does"
  (let ((file (expand-file-name "export.talk" e2e-tmp)))
    (copy-file (expand-file-name "schedule.json" e2e-fixtures) file t)
    (set-file-modes file #o644)
    (find-file file)
    (unless (eq major-mode 'talknote-mode) (error "major mode is %s" major-mode))
    (e2e-wait "Eglot to manage export.talk" 10 (lambda () (bound-and-true-p eglot--managed-mode)))
    (let* ((want (e2e-cli-import (buffer-string)))
           (action
            (e2e-wait "the convert action on line 1" 15
                      (lambda ()
                        (cl-find "Convert to talk-note markup"
                                 (jsonrpc-request
                                  e2e-server :textDocument/codeAction
                                  (list :textDocument (eglot--TextDocumentIdentifier)
                                        :range (list :start (list :line 0 :character 0)
                                                     :end (list :line 0 :character 1))
                                        :context (list :diagnostics [])))
                                 :key (lambda (a) (plist-get a :title)) :test #'equal)))))
      (unless (car want) (error "notelint import failed: %s" (cdr want)))
      ;; A versioned edit: Eglot applies it only to the text it was made for.
      (let ((named (plist-get (plist-get (aref (plist-get (plist-get action :edit) :documentChanges) 0)
                                         :textDocument)
                              :version)))
        (unless (equal named eglot--versioned-identifier)
          (error "the edit names version %S, the buffer is at %S" named eglot--versioned-identifier)))
      (eglot--apply-workspace-edit (plist-get action :edit))
      (unless (equal (buffer-string) (cdr want))
        (error "buffer differs from notelint import:\n%s\n---\n%s" (buffer-string) (cdr want))))
    (switch-to-buffer e2e-note-buffer)))

(e2e-check "shutdown and exit as Eglot sends them (\"params\": null): answered, then the server exits 0 by itself"
  ;; eglot-shutdown would delete the process right after `exit'; send the
  ;; same two messages (jsonrpc writes nil params as null) and let it end.
  (let ((proc (jsonrpc--process e2e-server)))
    (jsonrpc-request e2e-server :shutdown nil :timeout 5)
    (jsonrpc-notify e2e-server :exit nil)
    (e2e-wait "the server process to exit with stdin still open" 10
              (lambda () (not (process-live-p proc))))
    (unless (eq 'exit (process-status proc))
      (error "process status %s" (process-status proc)))
    (unless (= 0 (process-exit-status proc))
      (error "exit status %s" (process-exit-status proc)))))

(e2e-finish)
;;; eglot-e2e.el ends here
