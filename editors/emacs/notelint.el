;;; notelint.el --- Talk notes (.talk) with the notelint language server via Eglot  -*- lexical-binding: t; -*-

;; Load this file (or copy its forms into your init file). Needs Eglot
;; (built into Emacs 29+; `elpa-eglot' or M-x package-install eglot on 28).
;; Eglot names the LSP language id after the mode: talknote-mode -> "talknote".

;;; Code:

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

(provide 'notelint)
;;; notelint.el ends here
