;;; notelint.el --- Talk notes (.talk) with the notelint language server via Eglot  -*- lexical-binding: t; -*-

;; Load this file (or copy its forms into your init file). Needs Eglot
;; (built into Emacs 29+; `elpa-eglot' or M-x package-install eglot on 28).
;; Eglot names the LSP language id after the mode: talknote-mode -> "talknote".
;; M-x notelint-import converts the current buffer (notes.txt, schedule.xml)
;; to talk-note markup in a new buffer, through the server of the project.

;;; Code:

(require 'cl-lib)
(require 'project)
(require 'url-util)

(define-derived-mode talknote-mode text-mode "Talk notes"
  "Major mode for talk-note markup, linted and served by `notelint lsp'."
  (setq-local comment-start "// ")
  (setq-local comment-start-skip "//+[ \t]*")
  (setq-local comment-end "")
  (setq-local indent-tabs-mode t))

(add-to-list 'auto-mode-alist '("\\.talk\\'" . talknote-mode))

(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs '(talknote-mode . ("notelint" "lsp"))))

(add-hook 'talknote-mode-hook #'eglot-ensure)

(declare-function eglot-current-server "eglot")
(declare-function eglot--path-to-uri "eglot")
(declare-function jsonrpc-request "jsonrpc")

(defconst notelint-import-shapes
  '("auto" "blog" "schedule" "prose" "markdown" "frab-xml" "frab-json" "csv")
  "The shapes `notelint import --from' takes.")

(defun notelint--server ()
  "The Eglot server of a talk-note buffer in the current project, or nil.
The file to import is usually not a talk note, so Eglot does not
manage its buffer: borrow the server of one that Eglot manages."
  (let ((project (project-current)))
    (cl-loop for buf in (buffer-list)
             for server = (with-current-buffer buf
                            (and (derived-mode-p 'talknote-mode)
                                 (bound-and-true-p eglot--managed-mode)
                                 (equal (project-current) project)
                                 (eglot-current-server)))
             when server return server)))

(defun notelint-import (&optional shape)
  "Convert the current buffer to talk-note markup in a new buffer.
The buffer's text, saved or not, goes to the notelint server's
`notelint.import' command (what `notelint import' does); the result
opens in talknote-mode, not saved.  SHAPE (with a prefix argument,
asked for) is a name `notelint import --from' takes; nil guesses it.
Needs a notelint server for this project: open a .talk file first."
  (interactive
   (list (and current-prefix-arg
              (completing-read "Import as: " notelint-import-shapes nil t nil nil "auto"))))
  (require 'eglot)
  (let* ((server (or (notelint--server)
                     (user-error "notelint-import: no notelint server runs for this project; open a .talk file first")))
         (name (buffer-name))
         (uri (if buffer-file-name
                  (eglot--path-to-uri buffer-file-name)
                (concat "untitled:" (url-hexify-string name))))
         (args (append (list :uri uri :text (save-restriction (widen) (buffer-substring-no-properties (point-min) (point-max))))
                       (and shape (list :shape shape))))
         (result (condition-case err
                     (jsonrpc-request server :workspace/executeCommand
                                      (list :command "notelint.import" :arguments (vector args)))
                   (jsonrpc-error
                    (user-error "notelint-import: %s: %s" name
                                (or (alist-get 'jsonrpc-error-message (cdr err))
                                    (error-message-string err))))))
         (out (generate-new-buffer (format "%s.talk" (file-name-sans-extension name)))))
    (with-current-buffer out
      (insert (plist-get result :text))
      (goto-char (point-min))
      (talknote-mode)
      (set-buffer-modified-p t))
    (pop-to-buffer-same-window out)
    (message "notelint: %s: %d talk(s) read as %s; C-x C-w to save them"
             name (plist-get result :talks) (plist-get result :shape))
    out))

(provide 'notelint)
;;; notelint.el ends here
