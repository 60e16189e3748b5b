#!/usr/bin/env bash
# Install (or upgrade) gongkai from this offline kit: no package index is contacted.
#
#   sudo ./install.sh                 install into /opt/gongkai, /etc/gongkai, /var/lib/gongkai,
#                                     the systemd units and the nginx site, and start them
#   ./install.sh --prefix DIR         the same tree under DIR, as the current user: no service
#                                     user, no systemctl, no nginx reload (what the kit's test runs)
#   ./install.sh --dry-run            print every step, change nothing
#
# Other options: --env FILE (use this environment file the first time instead of the template),
# --python PYTHON (default python3), --no-timers (a second application server: the daily jobs
# run on one server only), --no-start, --no-backup (no backup before upgrading).
# docs/operations.md describes each step.
set -euo pipefail
shopt -u patsub_replacement 2>/dev/null || true # "&" in a value stays "&" in ${x//a/b}

KIT=$(cd "$(dirname "$0")" && pwd)
PREFIX=""
DRY_RUN=0
PYTHON=python3
ENV_SOURCE=""
TIMERS=1
START=1
BACKUP=1
SERVICE_USER=gongkai

say() { printf '== %s (%ds)\n' "$*" "$SECONDS"; }
die() {
    printf '安装中止：%s\n' "$*" >&2
    exit 2
}

while (($#)); do
    case $1 in
    --prefix) PREFIX=${2:?--prefix 后应写目录}; shift ;;
    --dry-run) DRY_RUN=1 ;;
    --python) PYTHON=${2:?--python 后应写解释器}; shift ;;
    --env) ENV_SOURCE=${2:?--env 后应写环境文件}; shift ;;
    --no-timers) TIMERS=0 ;;
    --no-start) START=0 ;;
    --no-backup) BACKUP=0 ;;
    -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
    *) die "不认识的选项 $1（可用 --help 查看用法）" ;;
    esac
    shift
done

ROOT=${PREFIX%/}
if [[ -n $ROOT && $DRY_RUN == 0 ]]; then
    mkdir -p "$ROOT" || die "无法创建目录 $ROOT"
    ROOT=$(cd "$ROOT" && pwd)
fi
APP=$ROOT/opt/gongkai
VENV=$APP/venv
SHARE=$APP/share
ETC=$ROOT/etc/gongkai
ENV_FILE=$ETC/gongkai.env
VAR_DIR=$ROOT/var/lib/gongkai
UNIT_DIR=$ROOT/etc/systemd/system
NGINX_DIR=$ROOT/etc/nginx
# The system parts (service user, systemctl, nginx) only for a real installation as root.
SYSTEM=0
[[ -z $ROOT && $(id -u) == 0 ]] && SYSTEM=1
[[ -z $ROOT && $SYSTEM == 0 && $DRY_RUN == 0 ]] && die "安装到系统目录需要 root 权限（或用 --prefix 装到某个目录）"

run() {
    printf '+ %s\n' "$*"
    ((DRY_RUN)) || "$@"
}
# Runs a command as the service user (the current user under --prefix).
as_service() {
    if ((SYSTEM)); then run runuser -u "$SERVICE_USER" -- "$@"; else run "$@"; fi
}
# Copies a template, replacing each @KEY@ given as KEY=value.
render() {
    local source=$1 target=$2 text pair
    shift 2
    text=$(<"$source")
    for pair in "$@"; do text=${text//@${pair%%=*}@/${pair#*=}}; done
    printf '+ write %s\n' "$target"
    ((DRY_RUN)) || printf '%s\n' "$text" >"$target"
}
# The environment file's value of KEY (the file is sourced in a subshell, as systemd reads it);
# under --dry-run before the file exists, the one given with --env.
setting() {
    local file=$ENV_FILE
    [[ ! -f $file && -n $ENV_SOURCE ]] && file=$ENV_SOURCE
    (set -a && . "$file" && printf '%s' "${!1:-}")
}
# gongkai-web with only the environment file's settings, as the systemd units run it.
gongkai_web() {
    as_service env -i PATH=/usr/bin:/bin LANG=C.UTF-8 HOME="$VAR_DIR" bash -c \
        'set -a && . "$1" && set +a && shift && exec "$@"' _ "$ENV_FILE" "$VENV/bin/gongkai-web" "$@"
}

read -r VERSION <"$KIT/VERSION"
read -r KIT_PYTHON <"$KIT/PYTHON_TAG"
read -r KIT_PLATFORM <"$KIT/PLATFORM"

# --- 1. the Python this kit was built for ----------------------------------------------------
say "1. Python（本安装包适用于 $KIT_PYTHON）"
command -v "$PYTHON" >/dev/null || die "找不到 $PYTHON；请先安装 debian-packages.txt 中的软件包"
FOUND_PYTHON=$("$PYTHON" -c 'import sys; print("cp%d%d" % sys.version_info[:2])')
[[ $FOUND_PYTHON == "$KIT_PYTHON" ]] ||
    die "本安装包的依赖是为 $KIT_PYTHON 构建的，而 $PYTHON 是 $FOUND_PYTHON；请用对应的 --python，或换用为该版本构建的安装包"
[[ $KIT_PLATFORM == *"_$(uname -m)" ]] ||
    die "本安装包是为 $KIT_PLATFORM 构建的，本机处理器为 $(uname -m)；请换用为该平台构建的安装包"
"$PYTHON" -c 'import venv, ensurepip' 2>/dev/null || die "$PYTHON 缺少 venv 模块：请安装 python3-venv"

# --- 2. the service user and the directories ---------------------------------------------------
say "2. 服务账号 $SERVICE_USER 与目录"
if ((SYSTEM)); then
    id -u "$SERVICE_USER" >/dev/null 2>&1 ||
        run useradd --system --user-group --home-dir "$VAR_DIR" --shell /usr/sbin/nologin "$SERVICE_USER"
else
    printf '  （跳过：--prefix 或 --dry-run 安装不建立系统账号，服务以当前用户运行）\n'
fi
run mkdir -p "$APP" "$SHARE" "$ETC" "$VAR_DIR" "$UNIT_DIR" "$NGINX_DIR/sites-available" \
    "$NGINX_DIR/sites-enabled"

# --- 3. the environment file -----------------------------------------------------------------
say "3. 环境文件 $ENV_FILE"
if [[ ! -f $ENV_FILE ]]; then
    if [[ -n $ENV_SOURCE ]]; then
        [[ -f $ENV_SOURCE ]] || die "找不到环境文件 $ENV_SOURCE"
        run install -m 0640 "$ENV_SOURCE" "$ENV_FILE"
    else
        render "$KIT/gongkai.env.example" "$ENV_FILE" \
            "SECRET_KEY=$("$PYTHON" -c 'import secrets, string; a = string.ascii_letters + string.digits; print("".join(secrets.choice(a) for _ in range(64)))')" \
            "FIELD_KEY=1:$("$PYTHON" -c 'import os; print(os.urandom(16).hex())')" \
            "VAR_DIR=$VAR_DIR"
        run chmod 0640 "$ENV_FILE"
        ((SYSTEM)) && run chown "root:$SERVICE_USER" "$ENV_FILE"
        printf '\n已生成 %s（SECRET_KEY 与 GONGKAI_FIELD_KEY 为新生成的随机值，请另行妥善保存 GONGKAI_FIELD_KEY）。\n' "$ENV_FILE"
        printf '请按本单位情况修改其中的 ALLOWED_HOSTS、CSRF_TRUSTED_ORIGINS、DATABASE_URL、NGINX_* 等项，然后再次运行 install.sh。\n'
        exit 0
    fi
fi
# The services read it as the service user; nobody else may (it holds the keys).
((SYSTEM)) && run chown "root:$SERVICE_USER" "$ENV_FILE" && run chmod 0640 "$ENV_FILE"
if ((!DRY_RUN)) && grep -qE 'example\.gov\.cn|CHANGE-ME' "$ENV_FILE"; then
    die "$ENV_FILE 中仍有示例值（example.gov.cn 或 CHANGE-ME）：请改为本单位的域名、数据库口令等后再运行"
fi

# --- 4. before an upgrade: a backup made by the installed version -----------------------------
UPGRADE=0
[[ -x $VENV/bin/gongkai-web ]] && UPGRADE=1
if ((UPGRADE && BACKUP)); then
    say "4. 升级前备份（由已安装的版本执行）"
    gongkai_web backup
else
    say "4. 升级前备份：$( ((UPGRADE)) && echo '按 --no-backup 跳过' || echo '首次安装，无需备份')"
fi

# --- 5. the virtualenv, from the kit's wheels only ---------------------------------------------
say "5. 虚拟环境 $VENV（仅使用安装包中的 wheel，不访问任何软件源）"
[[ -x $VENV/bin/python ]] || run "$PYTHON" -m venv "$VENV"
# PIP_CONFIG_FILE=/dev/null: no pip.conf of this machine adds an index, a constraint or links.
run env PIP_CONFIG_FILE=/dev/null PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    "$VENV/bin/python" -m pip install --quiet --no-index --find-links "$KIT/wheels" \
    --upgrade "gongkai==$VERSION"

# --- 6. static files, the database schema, the deployment check --------------------------------
say "6. collectstatic、migrate、check --deploy"
((SYSTEM)) && run chown -R "$SERVICE_USER:$SERVICE_USER" "$VAR_DIR"
gongkai_web collectstatic --noinput --verbosity 0
gongkai_web migrate --noinput
gongkai_web check --deploy --fail-level WARNING

# --- 7. the systemd units --------------------------------------------------------------------
say "7. systemd 服务单元 → $UNIT_DIR"
UNITS=()
for unit in "$KIT"/systemd/*; do
    name=$(basename "$unit")
    [[ $TIMERS == 0 && $name == *.timer ]] && continue
    render "$unit" "$UNIT_DIR/$name" "VENV=$VENV" "ENV_FILE=$ENV_FILE" "USER=$SERVICE_USER" \
        "VAR_DIR=$VAR_DIR"
    [[ $name == gongkai-web.service || $name == gongkai-worker.service || $name == *.timer ]] &&
        UNITS+=("$name")
done

# --- 8. the nginx site -----------------------------------------------------------------------
say "8. nginx 站点 → $NGINX_DIR/sites-available/gongkai.conf"
run mkdir -p "$SHARE/nginx"
run cp -R "$KIT/nginx/_gongkai" "$SHARE/nginx/"
if [[ ! -f $ENV_FILE && ! -f $ENV_SOURCE ]]; then
    printf '  （--dry-run：还没有环境文件，站点要按其中的设置生成）\n'
else
    render "$KIT/nginx/gongkai.conf" "$NGINX_DIR/sites-available/gongkai.conf" \
        "SERVER_NAME=$(setting NGINX_SERVER_NAME)" \
        "TLS_CERTIFICATE=$(setting NGINX_TLS_CERTIFICATE)" \
        "TLS_CERTIFICATE_KEY=$(setting NGINX_TLS_CERTIFICATE_KEY)" \
        "HTTPS_PORT=$(setting NGINX_HTTPS_PORT)" "HTTP_PORT=$(setting NGINX_HTTP_PORT)" \
        "UPSTREAM=$(setting GUNICORN_BIND)" "STATIC_ROOT=$(setting STATIC_ROOT)" \
        "MAX_BODY=$(setting GONGKAI_MAX_REQUEST_BYTES)" "TIMEOUT=$(setting GUNICORN_TIMEOUT)" \
        "LOG_DIR=$(setting NGINX_LOG_DIR)" "KIT_SHARE=$SHARE/nginx"
    run ln -sfn ../sites-available/gongkai.conf "$NGINX_DIR/sites-enabled/gongkai.conf"
fi

# --- 9. start ----------------------------------------------------------------------------------
say "9. 启动"
if ((SYSTEM)); then
    run systemctl daemon-reload
    if ((START)); then
        run systemctl enable "${UNITS[@]}"
        if ((UPGRADE)); then
            run systemctl restart gongkai-web.service gongkai-worker.service
        fi
        run systemctl start "${UNITS[@]}"
        if command -v nginx >/dev/null; then
            run nginx -t
            run systemctl reload nginx
        else
            printf '  未安装 nginx：请安装后执行 nginx -t && systemctl reload nginx\n'
        fi
    fi
else
    printf '  （跳过：--prefix 安装不调用 systemctl；可这样启动：）\n'
    printf '  set -a; . %s; set +a; %s/bin/gunicorn gongkai_web.wsgi --bind "$GUNICORN_BIND"\n' \
        "$ENV_FILE" "$VENV"
fi
say "gongkai $VERSION 已安装$( ((DRY_RUN)) && echo '（--dry-run：未做任何改动）')"
